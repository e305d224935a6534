package dev.wrenn.emulator.internal;

/** What an attachment receives from a process: output chunks, then exactly one terminal event. */
sealed interface ProcessEvent {

    /** Which pipe a chunk came from; {@link #toString()} is the frame type. */
    enum Pipe {
        STDOUT, STDERR;

        @Override
        public String toString() {
            return this == STDOUT ? "stdout" : "stderr";
        }
    }

    /** Raw bytes as read from the pipe (at most 32 KiB). */
    record Output(Pipe pipe, byte[] bytes) implements ProcessEvent {
    }

    /** The process ended; {@code -1} when a signal the emulator sent ended it. */
    record Exited(int exitCode) implements ProcessEvent {
    }

    /**
     * The attachment was cut while the process may still run (its capsule was paused or destroyed): upstream's
     * relay just ends, with no message.
     */
    record Severed() implements ProcessEvent {
    }
}
