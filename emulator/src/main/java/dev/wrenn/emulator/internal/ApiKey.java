package dev.wrenn.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The one API key the emulator accepts. {@link #toString()} never shows it. */
final class ApiKey {

    static final String HEADER = "X-API-Key";

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
