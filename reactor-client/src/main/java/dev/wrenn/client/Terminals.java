package dev.wrenn.client;

import dev.wrenn.client.internal.TerminalCalls;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Interactive terminals in one capsule: a program under a pseudo-terminal, with input from a {@link Publisher}
 * and output as a {@link Flux}. Obtained from {@link WrennClient#terminals(String)}; immutable and thread-safe.
 *
 * <p>Each subscription opens one session on its own connection. Input is read from the caller's publisher only as
 * fast as it can be sent (see {@code docs/backpressure.md}): the service drops input silently once its 64-message
 * queue is full, so the client coalesces consecutive bytes into messages of up to 32 KiB and keeps one message in
 * flight; a resize or kill goes ahead of queued bytes. Nothing is dropped on the client side. The input publisher
 * completing does not end the session; the program's exit does.
 *
 * <p>The stream emits {@link TerminalEvent.Started} (for {@link #open}), {@link TerminalEvent.Output} chunks and
 * finally {@link TerminalEvent.Exited}, then completes. Failures are typed as on process streams:
 * {@link NotFoundException} for an unknown capsule or session tag, {@link InvalidStateException} for a capsule
 * that is not running, {@link StreamLimitException} when the service cuts the stream after 10 minutes (the session
 * keeps running: re-attach), {@link StreamInterruptedException} for a connection lost before the exit. Cancelling
 * detaches, leaving the session running, unless the spec asks for kill on cancel.
 */
public final class Terminals {

    private final String capsuleId;
    private final TerminalCalls calls;

    Terminals(String capsuleId, TerminalCalls calls) {
        this.capsuleId = Arguments.capsuleId(capsuleId);
        this.calls = calls;
    }

    /** The capsule these terminals run in. */
    public String capsuleId() {
        return capsuleId;
    }

    /** Starts {@code spec} under a new terminal and streams it, sending {@code input} to it. */
    public Flux<TerminalEvent> open(TerminalSpec spec, Publisher<TerminalInput> input) {
        return calls.open(capsuleId, Arguments.notNull(spec, "spec"), Arguments.notNull(input, "input"));
    }

    /**
     * Re-attaches to a running session by its tag (from {@link TerminalEvent.Started}); output written while
     * nobody was attached is not replayed. Cancelling detaches again.
     */
    public Flux<TerminalEvent> reattach(String tag, Publisher<TerminalInput> input) {
        return reattach(tag, input, false);
    }

    /** As {@link #reattach(String, Publisher)}; with {@code killOnCancel}, cancelling kills the session. */
    public Flux<TerminalEvent> reattach(String tag, Publisher<TerminalInput> input, boolean killOnCancel) {
        return calls.reattach(capsuleId, Arguments.notBlank(tag, "tag"), Arguments.notNull(input, "input"), killOnCancel);
    }

    @Override
    public String toString() {
        return "Terminals[" + capsuleId + "]";
    }
}
