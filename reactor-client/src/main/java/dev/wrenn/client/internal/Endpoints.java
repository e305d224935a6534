package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Signal;
import java.nio.charset.StandardCharsets;

/**
 * The one place that builds request paths. Every user-supplied value (capsule ID, tag) becomes exactly one
 * percent-encoded path segment, so no value can change the path, add a query, or climb with {@code ..}.
 */
public final class Endpoints {

    private static final String CAPSULES = "/v1/capsules";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Endpoints() {
    }

    public static String capsules() {
        return CAPSULES;
    }

    public static String capsule(String capsuleId) {
        return CAPSULES + '/' + segment(checkCapsuleId(capsuleId));
    }

    /** A capsule action: {@code pause}, {@code resume}, {@code ping}, {@code exec}, {@code processes}. */
    public static String capsule(String capsuleId, String action) {
        return capsule(capsuleId) + '/' + action;
    }

    public static String execStream(String capsuleId) {
        return capsule(capsuleId) + "/exec/stream";
    }

    public static String process(String capsuleId, ProcessSelector selector) {
        return capsule(capsuleId) + "/processes/" + segment(selector.value());
    }

    public static String kill(String capsuleId, ProcessSelector selector, Signal signal) {
        return process(capsuleId, selector) + "?signal=" + signal.name();
    }

    public static String processStream(String capsuleId, ProcessSelector selector) {
        return process(capsuleId, selector) + "/stream";
    }

    /**
     * Validates a capsule ID before any I/O. The service's format ({@code cl-} and 25 base36 characters) is
     * not enforced here, so that the service stays the judge of its own IDs; what could never be an ID is.
     */
    public static String checkCapsuleId(String capsuleId) {
        if (capsuleId == null || capsuleId.isBlank()) {
            throw new IllegalArgumentException("capsule ID must not be null or blank");
        }
        checkNoControlCharacters("capsule ID", capsuleId);
        return capsuleId;
    }

    /** Refuses control characters, which could split a header or a request line. */
    public static void checkNoControlCharacters(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters (at index " + i + ")");
            }
        }
    }

    /**
     * Percent-encodes a value as one path segment: every byte of its UTF-8 form outside RFC 3986's unreserved
     * set is escaped, and a value made only of dots is escaped whole, so it can never be a dot-segment.
     */
    static String segment(String value) {
        if (isPlain(value)) {
            return value; // the common case: nothing to escape
        }
        boolean onlyDots = value.chars().allMatch(c -> c == '.');
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte signed : bytes) {
            int b = signed & 0xFF;
            if (!onlyDots && isUnreserved(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /** Only unreserved characters, and not a dot-segment. */
    private static boolean isPlain(String value) {
        boolean dotsOnly = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7F || !isUnreserved(c)) {
                return false;
            }
            dotsOnly &= c == '.';
        }
        return !dotsOnly;
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }
}
