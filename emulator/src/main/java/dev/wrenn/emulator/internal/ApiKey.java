package dev.wrenn.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The one API key the emulator accepts. {@link #toString()} never shows it. */
public final class ApiKey {

    static final String HEADER = "X-API-Key";
    /** The key format of the service, in words, for error messages (which never repeat the key itself). */
    public static final String FORMAT = "wrn_ followed by 32 lowercase hex characters";
    private static final Pattern PATTERN = Pattern.compile("wrn_[0-9a-f]{32}");

    private final byte[] expected;

    ApiKey(String key) {
        this.expected = key.getBytes(StandardCharsets.UTF_8);
    }

    /** A key in the upstream format: {@code wrn_} + 32 lowercase hex characters. */
    static String generate() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return "wrn_" + HexFormat.of().formatHex(random);
    }

    /**
     * Checks that {@code key} has the service's format.
     *
     * @param key a candidate key
     * @return {@code key}
     * @throws IllegalArgumentException naming the format, never the key, if it does not match
     */
    public static String requireValid(String key) {
        if (!PATTERN.matcher(key).matches()) {
            throw new IllegalArgumentException("the API key must be " + FORMAT);
        }
        return key;
    }

    /** Constant-time comparison; {@code null} (header absent) never matches. */
    boolean matches(String presented) {
        return presented != null
                && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
