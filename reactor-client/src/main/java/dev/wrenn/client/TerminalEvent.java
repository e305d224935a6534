package dev.wrenn.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a terminal stream emits: {@link Started} (for a new session), {@link Output} bytes, and at the end
 * {@link Exited}. Output is raw terminal bytes, escape sequences included; {@link TerminalStreams#text} decodes them.
 */
public sealed interface TerminalEvent {

    /**
     * The session started.
     *
     * @param tag the session's tag, for {@link Terminals#reattach}
     * @param pid the PID of the session's process in the capsule
     */
    record Started(String tag, long pid) implements TerminalEvent {
        public Started {
            Arguments.notNull(tag, "tag");
        }
    }

    /** A chunk of terminal output. */
    final class Output implements TerminalEvent {
        private final byte[] bytes;

        /** @param bytes not copied: the array is handed over and must not change afterwards */
        public Output(byte[] bytes) {
            this.bytes = Arguments.notNull(bytes, "bytes");
        }

        /** The bytes, read-only. */
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        /** A copy of the bytes. */
        public byte[] bytes() {
            return bytes.clone();
        }

        /** How many bytes. */
        public int length() {
            return bytes.length;
        }

        /**
         * The bytes as UTF-8; a character split across chunks is garbled here, so decode a whole stream with
         * {@link TerminalStreams#text}.
         */
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Output[" + bytes.length + " bytes]";
        }
    }

    /**
     * The program ended: the last event.
     *
     * @param exitCode its exit code
     */
    record Exited(int exitCode) implements TerminalEvent {
    }
}
