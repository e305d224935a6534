package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * Identifies a process inside a capsule: by its PID, or by the tag it was started with.
 *
 * <p>On the wire a selector made only of decimal digits is read as a PID and anything else as a tag, so
 * {@link #tag(String)} refuses an all-digit tag, which the service could never resolve as one.
 *
 * <p>A tag travels in the request path exactly as it is, because the service matches the path still
 * percent-encoded: an encoded tag would never match. Tags made of RFC 3986 path characters (letters, digits,
 * {@code - . _ ~ ! $ & ' ( ) * + , ; = : @}) can be addressed; a tag holding anything else ({@code / ? # %},
 * space, non-ASCII or control characters), or one that is {@code .} or {@code ..}, cannot be, and is refused
 * with {@link IllegalArgumentException}: select such a process by its PID.
 *
 * <p>Instances are immutable values: {@code equals}, {@code hashCode} and {@code toString} follow the
 * selector's wire form.
 */
public sealed interface ProcessSelector permits ProcessSelector.Pid, ProcessSelector.Tag {

    /** The largest PID the service accepts (an unsigned 32-bit integer). */
    long MAX_PID = 0xFFFF_FFFFL;

    /**
     * Selects a process by PID.
     *
     * @throws IllegalArgumentException if {@code pid} is negative or larger than {@link #MAX_PID}
     */
    static Pid pid(long pid) {
        return new Pid(pid);
    }

    /**
     * Selects a process by tag.
     *
     * @throws IllegalArgumentException if the tag is null, blank, only digits, or cannot be addressed by the
     *                                  service (see above); the message says why
     */
    static Tag tag(String tag) {
        return new Tag(tag);
    }

    /**
     * Reads a selector the way the service does: all decimal digits is a PID, anything else a tag.
     *
     * @throws IllegalArgumentException if the text is null or blank, an all-digit value exceeds {@link #MAX_PID},
     *                                  or any other value is a tag the service cannot address
     */
    static ProcessSelector parse(String text) {
        Arguments.notBlank(text, "text");
        if (Arguments.isAllDigits(text)) {
            if (text.length() > 10) {
                throw new IllegalArgumentException("PID out of range: " + text);
            }
            return pid(Long.parseLong(text));
        }
        return tag(text);
    }

    /** The selector as it appears in the request path. */
    String value();

    /** A process selected by its PID. */
    record Pid(long pid) implements ProcessSelector {
        /** @throws IllegalArgumentException if {@code pid} is negative or larger than {@link #MAX_PID} */
        public Pid {
            if (pid < 0 || pid > MAX_PID) {
                throw new IllegalArgumentException("PID must be between 0 and " + MAX_PID + ", was " + pid);
            }
        }

        @Override
        public String value() {
            return Long.toString(pid);
        }

        @Override
        public String toString() {
            return value();
        }
    }

    /** A process selected by the tag it was started with. */
    record Tag(String tag) implements ProcessSelector {
        /**
         * @throws IllegalArgumentException if the tag is null, blank, only digits, or cannot be addressed by the
         *                                  service
         */
        public Tag {
            String problem = problem(Arguments.notBlank(tag, "tag"));
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        /** The tag when it can select the process on the service, else the PID. */
        static ProcessSelector orPid(@Nullable String tag, long pid) {
            return tag == null || tag.isBlank() || problem(tag) != null ? pid(pid) : new Tag(tag);
        }

        private static @Nullable String problem(String tag) {
            if (Arguments.isAllDigits(tag)) {
                return "tag '" + tag + "' is all digits, which the service reads as a PID;"
                        + " use ProcessSelector.pid(..) to select by PID";
            }
            String unaddressable = Arguments.pathSegmentProblem(tag);
            return unaddressable == null ? null : "the service cannot select a process by this tag: the tag "
                    + unaddressable + ", and the service matches tags only unencoded; select the process by its"
                    + " PID instead (ProcessSelector.pid)";
        }

        @Override
        public String value() {
            return tag;
        }

        @Override
        public String toString() {
            return tag;
        }
    }
}
