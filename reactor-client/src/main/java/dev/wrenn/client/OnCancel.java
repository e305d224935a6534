package dev.wrenn.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What cancelling an {@link Processes#execStream(Command, OnCancel) exec/stream} does to the process it started.
 *
 * <p>The service only detaches when a stream is cancelled: the process keeps running in the capsule. A user who
 * cancels "run this command" expects it to stop, so by default the client then kills it ({@link #kill()}).
 * Immutable values.
 */
public final class OnCancel {

    private static final OnCancel KILL = new OnCancel(Signal.SIGKILL);
    private static final OnCancel DETACH = new OnCancel(null);

    private final Signal signal;

    private OnCancel(Signal signal) {
        this.signal = signal;
    }

    /** Kill the process with {@link Signal#SIGKILL}: the default. */
    public static OnCancel kill() {
        return KILL;
    }

    /**
     * Send the process this signal, for example {@link Signal#SIGTERM} to let it clean up.
     *
     * @throws IllegalArgumentException if {@code signal} is null
     */
    public static OnCancel signal(Signal signal) {
        return signal == Signal.SIGKILL ? KILL : new OnCancel(Processes.requireArgument(signal, "signal"));
    }

    /** Leave the process running, detached; it can be attached to or killed later by its PID. */
    public static OnCancel detach() {
        return DETACH;
    }

    /** The signal sent to the process on cancel; empty to detach. */
    public Optional<Signal> signal() {
        return Optional.ofNullable(signal);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnCancel other && signal == other.signal;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(signal);
    }

    @Override
    public String toString() {
        return signal == null ? "OnCancel.detach()" : "OnCancel.signal(" + signal + ")";
    }
}
