package dev.wrenn.client;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every argument check of the public API, in one place. A bad argument is an {@link IllegalArgumentException}
 * whose message starts with the argument's name; values that pass are handed to the implementation unchanged,
 * which therefore trusts them.
 */
final class Arguments {

    private Arguments() {
    }

    /** {@code value}, or an exception naming {@code name} if it is null. */
    static <T> T notNull(@Nullable T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** {@code values}, or an exception naming {@code name} if it or one of its elements is null. */
    static <C extends Collection<?>> C noNulls(@Nullable C values, String name) {
        for (Object value : notNull(values, name)) {
            notNull(value, "an element of " + name);
        }
        return values;
    }

    /** {@code values}, or an exception naming {@code name} if it, a key or a value is null. */
    static <M extends Map<?, ?>> M noNulls(@Nullable M values, String name) {
        noNulls(notNull(values, name).keySet(), name);
        noNulls(values.values(), name);
        return values;
    }

    static String notBlank(@Nullable String value, String name) {
        if (notNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static Duration positive(@Nullable Duration value, String name) {
        if (notNull(value, name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    static Duration notNegative(@Nullable Duration value, String name) {
        if (notNull(value, name).isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * A capsule ID, before any I/O. The service's format ({@code cl-} and 25 base36 characters) is not enforced
     * here, so that the service stays the judge of its own IDs; what could never be an ID, or never reach the
     * service as one, is refused.
     */
    static String capsuleId(@Nullable String capsuleId) {
        String problem = pathSegmentProblem(notBlank(capsuleId, "capsuleId"));
        if (problem != null) {
            throw new IllegalArgumentException("capsuleId " + problem + ", so the service could never match it");
        }
        return capsuleId;
    }

    /**
     * Why a value cannot travel literally as one path segment, or {@code null} when it can. The service's router
     * matches the path still percent-encoded, so a value that would need encoding could never match anything.
     * RFC 3986 path characters can travel: the unreserved ones and {@code ! $ & ' ( ) * + , ; = : @}. Everything
     * else (among them {@code / ? # %}, space, non-ASCII and control characters) would have to be
     * percent-encoded, and {@code .} and {@code ..} would be normalised away as dot-segments. Refusing these
     * also keeps every value from changing the path, adding a query, or climbing with {@code ..}.
     */
    static @Nullable String pathSegmentProblem(String value) {
        if (value.equals(".") || value.equals("..")) {
            return "'" + value + "' is a dot-segment";
        }
        int bad = firstNotIn(value, "-._~!$&'()*+,;=:@");
        return bad < 0 ? null : "holds " + shown(value.charAt(bad)) + " at index " + bad
                + ", which would have to be percent-encoded";
    }

    /** An application ID: one HTTP token of 1 to {@code maxLength} characters, with {@code /} before a version. */
    static String applicationId(@Nullable String id, int maxLength) {
        if (notNull(id, "applicationId").isEmpty() || id.length() > maxLength) {
            throw new IllegalArgumentException("applicationId must have 1 to " + maxLength + " characters");
        }
        int bad = firstNotIn(id, "!#$%&'*+-.^_`|~/");
        if (bad >= 0) {
            throw new IllegalArgumentException("applicationId holds " + shown(id.charAt(bad)) + " at index " + bad
                    + "; only letters, digits and !#$%&'*+-.^_`|~/ are allowed");
        }
        return id;
    }

    /** Whether the text is all decimal digits, which the service reads as a PID rather than a tag. */
    static boolean isAllDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The index of the first character that is neither an ASCII letter or digit nor in {@code allowed}, or -1. */
    private static int firstNotIn(String value, String allowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && allowed.indexOf(c) < 0) {
                return i;
            }
        }
        return -1;
    }

    private static String shown(char c) {
        return c > ' ' && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
