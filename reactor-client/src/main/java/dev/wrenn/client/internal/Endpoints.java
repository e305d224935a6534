package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.ProcessSignal;

/**
 * The one place that builds request paths, each with its route template (the path with every ID and tag
 * replaced by a placeholder), which names the call in metrics and traces without growing with the capsules. A user-supplied value (capsule ID, tag) goes into the path as it
 * is, as one segment: the service's router matches the path still encoded, so a value that would need
 * percent-encoding could never match anything. Such values are refused before any I/O instead
 * ({@link #unaddressable}), which also keeps every value from changing the path, adding a query, or climbing
 * with {@code ..}.
 */
public final class Endpoints {

    private static final String CAPSULES = "/v1/capsules";
    private static final String CAPSULE = CAPSULES + "/{id}";
    private static final String PROCESS = CAPSULE + "/processes/{selector}";

    /** A request path, the route template it was made from, and the capsule it addresses (or null). */
    public record Endpoint(String route, String path, String capsuleId) {
    }

    private Endpoints() {
    }

    public static Endpoint capsules() {
        return new Endpoint(CAPSULES, CAPSULES, null);
    }

    public static Endpoint capsule(String capsuleId) {
        return new Endpoint(CAPSULE, capsulePath(capsuleId), capsuleId);
    }

    /** A capsule action: {@code pause}, {@code resume}, {@code ping}, {@code exec}, {@code processes}. */
    public static Endpoint capsule(String capsuleId, String action) {
        return new Endpoint(CAPSULE + '/' + action, capsulePath(capsuleId) + '/' + action, capsuleId);
    }

    public static Endpoint terminal(String capsuleId) {
        return capsule(capsuleId, "pty");
    }

    public static Endpoint execStream(String capsuleId) {
        return capsule(capsuleId, "exec/stream");
    }

    /** A process by its selector, whose value was checked when the selector was made. */
    public static Endpoint process(String capsuleId, ProcessSelector selector) {
        return new Endpoint(PROCESS, capsulePath(capsuleId) + "/processes/" + selector.value(), capsuleId);
    }

    public static Endpoint kill(String capsuleId, ProcessSelector selector, ProcessSignal signal) {
        return new Endpoint(PROCESS, process(capsuleId, selector).path() + "?signal=" + signal.name(), capsuleId);
    }

    public static Endpoint processStream(String capsuleId, ProcessSelector selector) {
        return new Endpoint(PROCESS + "/stream", process(capsuleId, selector).path() + "/stream", capsuleId);
    }

    private static String capsulePath(String capsuleId) {
        return CAPSULES + '/' + checkCapsuleId(capsuleId);
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
