package dev.wrenn.client;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What cancelling an {@link Processes#execStream(Command, OnCancel) exec/stream} does to the process it started.
 *
 * <p>The service only detaches when a stream is cancelled: the process keeps running in the capsule. A user who
 * cancels "run this command" expects it to stop, so by default the client then kills it ({@link #kill()}).
 * Immutable values.
 */
public final class OnCancel {

    private static final OnCancel KILL = new OnCancel(ProcessSignal.SIGKILL);
    private static final OnCancel DETACH = new OnCancel(null);

    private final @Nullable ProcessSignal signal;

    private OnCancel(@Nullable ProcessSignal signal) {
        this.signal = signal;
    }

    /** Kill the process with {@link ProcessSignal#SIGKILL}: the default. */
    public static OnCancel kill() {
        return KILL;
    }

    /**
     * Send the process this signal, for example {@link ProcessSignal#SIGTERM} to let it clean up.
     *
     * @throws IllegalArgumentException if {@code signal} is null
     */
    public static OnCancel signal(ProcessSignal signal) {
        return signal == ProcessSignal.SIGKILL ? KILL : new OnCancel(Arguments.notNull(signal, "signal"));
    }

    /** Leave the process running, detached; it can be attached to or killed later by its PID. */
    public static OnCancel detach() {
        return DETACH;
    }

    /** The signal sent to the process on cancel; empty to detach. */
    public Optional<ProcessSignal> signal() {
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
