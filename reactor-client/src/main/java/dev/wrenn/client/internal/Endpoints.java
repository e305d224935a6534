package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Signal;

/**
 * The one place that builds request paths. A user-supplied value (capsule ID, tag) goes into the path as it
 * is, as one segment: the service's router matches the path still encoded, so a value that would need
 * percent-encoding could never match anything. Such values are refused before any I/O instead
 * ({@link #unaddressable}), which also keeps every value from changing the path, adding a query, or climbing
 * with {@code ..}.
 */
public final class Endpoints {

    private static final String CAPSULES = "/v1/capsules";

    private Endpoints() {
    }

    public static String capsules() {
        return CAPSULES;
    }

    public static String capsule(String capsuleId) {
        return CAPSULES + '/' + checkCapsuleId(capsuleId);
    }

    /** A capsule action: {@code pause}, {@code resume}, {@code ping}, {@code exec}, {@code processes}. */
    public static String capsule(String capsuleId, String action) {
        return capsule(capsuleId) + '/' + action;
    }

    public static String terminal(String capsuleId) {
        return capsule(capsuleId) + "/pty";
    }

    public static String execStream(String capsuleId) {
        return capsule(capsuleId) + "/exec/stream";
    }

    /** A process by its selector, whose value was checked when the selector was made. */
    public static String process(String capsuleId, ProcessSelector selector) {
        return capsule(capsuleId) + "/processes/" + selector.value();
    }

    public static String kill(String capsuleId, ProcessSelector selector, Signal signal) {
        return process(capsuleId, selector) + "?signal=" + signal.name();
    }

    public static String processStream(String capsuleId, ProcessSelector selector) {
        return process(capsuleId, selector) + "/stream";
    }

    /**
     * Validates a capsule ID before any I/O. The service's format ({@code cl-} and 25 base36 characters) is
     * not enforced here, so that the service stays the judge of its own IDs; what could never be an ID, or
     * never reach the service as one, is refused.
     */
    public static String checkCapsuleId(String capsuleId) {
        if (capsuleId == null || capsuleId.isBlank()) {
            throw new IllegalArgumentException("capsule ID must not be null or blank");
        }
        String problem = unaddressable(capsuleId);
        if (problem != null) {
            throw new IllegalArgumentException("capsule ID " + problem + ", so the service could never match it");
        }
        return capsuleId;
    }

    /**
     * Why a value cannot travel literally as one path segment, or {@code null} when it can. RFC 3986 path
     * characters can: the unreserved ones and {@code ! $ & ' ( ) * + , ; = : @}. Everything else (among
     * them {@code / ? # %}, space, non-ASCII and control characters) would have to be percent-encoded, and
     * {@code .} and {@code ..} would be normalised away as dot-segments.
     */
    public static String unaddressable(String value) {
        if (value.equals(".") || value.equals("..")) {
            return "'" + value + "' is a dot-segment";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isPathCharacter(c)) {
                String shown = c > ' ' && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
                return "holds " + shown + " at index " + i + ", which would have to be percent-encoded";
            }
        }
        return null;
    }

    private static boolean isPathCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }
}
