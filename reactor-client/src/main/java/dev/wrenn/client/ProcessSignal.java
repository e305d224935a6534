package dev.wrenn.client;

/**
 * The signals a process can be sent through {@link Processes#kill(ProcessSelector, ProcessSignal)}.
 *
 * <p>The service understands exactly these two. It turns any other value, including a misspelled one,
 * into {@code SIGKILL} without saying so; this type makes such a mistake impossible.
 */
public enum ProcessSignal {
    /** Immediate termination; the process cannot catch it. The default. */
    SIGKILL,
    /** A request to terminate; the process may catch it, clean up and exit on its own terms. */
    SIGTERM
}
