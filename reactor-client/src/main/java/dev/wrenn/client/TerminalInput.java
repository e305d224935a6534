package dev.wrenn.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a caller sends to a terminal: keystrokes or pasted bytes, a new window size, or a kill. See
 * {@link Terminals#open(TerminalSpec, org.reactivestreams.Publisher)}.
 */
public sealed interface TerminalInput {

    /** Bytes for the program, as typed; the array is copied. */
    static TerminalInput bytes(byte[] data) {
        return new Bytes(Arguments.notNull(data, "data").clone());
    }

    /** Text for the program, encoded as UTF-8 ({@code "ls\r"} types {@code ls} and Enter). */
    static TerminalInput text(String text) {
        return new Bytes(Arguments.notNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /** A new window size; the program sees it ({@code SIGWINCH}, {@code stty size}). */
    static TerminalInput resize(int cols, int rows) {
        return new Resize(cols, rows);
    }

    /** Ends the terminal's program; the stream then ends with its exit. */
    static TerminalInput kill() {
        return Kill.INSTANCE;
    }

    /** Input bytes. */
    final class Bytes implements TerminalInput {
        private final byte[] data;

        private Bytes(byte[] data) {
            this.data = data;
        }

        /** A copy of the bytes. */
        public byte[] data() {
            return data.clone();
        }

        /** How many bytes. */
        public int length() {
            return data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Bytes[" + data.length + " bytes]";
        }
    }

    /**
     * A window size.
     *
     * @param cols more than zero
     * @param rows more than zero
     */
    record Resize(int cols, int rows) implements TerminalInput {
        public Resize {
            Arguments.atLeast(cols, 1, "cols");
            Arguments.atLeast(rows, 1, "rows");
        }
    }

    /** The kill. */
    enum Kill implements TerminalInput {
        INSTANCE
    }
}
