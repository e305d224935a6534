package dev.wrenn.client;

/**
 * One event of a process's output stream, as produced by {@link Processes#connect(ProcessSelector)},
 * {@link Processes#execStream(Command)} and {@link Processes#follow(ProcessSelector)}.
 *
 * <p>A closed set of immutable values: a stream gives one {@link Started}, then any number of
 * {@link Stdout} and {@link Stderr} chunks in the order the process wrote them, then one {@link Exited},
 * after which it completes. Only {@link Processes#follow(ProcessSelector) follow} also gives
 * {@link Reattached}, once per gap between two connections. Every event names the capsule and the process selector it came from, so
 * events of many processes merged into one {@code Flux} stay attributable. On Java 21 a {@code switch}
 * over these types is checked for exhaustiveness.
 */
public sealed interface ProcessEvent
        permits ProcessEvent.Started, ProcessEvent.Output, ProcessEvent.Reattached, ProcessEvent.Exited {

    /** The ID of the capsule the process runs in. */
    String capsuleId();

    /**
     * The process this event belongs to: the selector the stream was opened with, or for
     * {@link Processes#execStream(Command)} the PID the service reported when it started the process.
     */
    ProcessSelector selector();

    /** The stream is attached; {@code pid} is the process's PID inside the capsule. */
    record Started(String capsuleId, ProcessSelector selector, long pid) implements ProcessEvent {
        public Started {
            Arguments.notNull(capsuleId, "capsuleId");
            Arguments.notNull(selector, "selector");
        }
    }

    /**
     * A {@link Processes#follow(ProcessSelector) followed} process's stream was cut and is attached again: the
     * output the process wrote during the gap is lost (the service keeps no history). Takes the place of the new
     * attachment's {@link Started}.
     *
     * @param reason why the previous connection ended, for example a {@link StreamLimitException}
     */
    record Reattached(String capsuleId, ProcessSelector selector, long pid, WrennException reason)
            implements ProcessEvent {
        public Reattached {
            Arguments.notNull(capsuleId, "capsuleId");
            Arguments.notNull(selector, "selector");
            Arguments.notNull(reason, "reason");
        }
    }

    /** A chunk of output, from stdout or stderr. */
    sealed interface Output extends ProcessEvent permits Stdout, Stderr {
        /**
         * The chunk as text. The service decodes the process's bytes as UTF-8 and sends invalid sequences,
         * including a character split between two chunks, as U+FFFD. Chunks follow the process's writes,
         * not its lines: use {@link ProcessStreams#lines} for lines.
         */
        String data();

        /** Which of the process's output streams this chunk came from. */
        StandardStream stream();
    }

    /** A chunk the process wrote to stdout. */
    record Stdout(String capsuleId, ProcessSelector selector, String data) implements Output {
        public Stdout {
            Arguments.notNull(capsuleId, "capsuleId");
            Arguments.notNull(selector, "selector");
            Arguments.notNull(data, "data");
        }

        @Override
        public StandardStream stream() {
            return StandardStream.STDOUT;
        }
    }

    /** A chunk the process wrote to stderr. */
    record Stderr(String capsuleId, ProcessSelector selector, String data) implements Output {
        public Stderr {
            Arguments.notNull(capsuleId, "capsuleId");
            Arguments.notNull(selector, "selector");
            Arguments.notNull(data, "data");
        }

        @Override
        public StandardStream stream() {
            return StandardStream.STDERR;
        }
    }

    /**
     * The process ended; this is the last event of a stream. {@code exitCode} is the process's own exit
     * status, or {@code -1} when it was ended by a signal (the service does not report 128 + signal).
     */
    record Exited(String capsuleId, ProcessSelector selector, int exitCode) implements ProcessEvent {
        public Exited {
            Arguments.notNull(capsuleId, "capsuleId");
            Arguments.notNull(selector, "selector");
        }
    }

    /** The two output streams of a process. */
    enum StandardStream {
        /** Standard output. */
        STDOUT,
        /** Standard error. */
        STDERR
    }
}
