package dev.wrenn.client;

import dev.wrenn.client.internal.ProcessCalls;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * The processes of one capsule: list, kill, attach, and start them. Obtained from
 * {@link WrennClient#processes(String)}; cheap to create, immutable and thread-safe.
 *
 * <p>Every method returns a cold publisher: nothing is sent before subscription and each subscription
 * sends anew. Invalid arguments are refused with {@link IllegalArgumentException} when the method is
 * called, before any I/O. Failures arrive as {@link WrennException} subclasses: {@link NotFoundException}
 * for an unknown capsule or process, {@link InvalidStateException} when the capsule is not running,
 * {@link AuthenticationException} for a bad key, and so on.
 */
public final class Processes {

    /**
     * How {@link #follow(ProcessSelector)} attaches again: up to 5 attempts per gap, backing off from 500 ms
     * to 10 s with jitter.
     */
    public static final RetryBackoffSpec DEFAULT_FOLLOW_RETRY =
            Retry.backoff(5, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10));

    private final String capsuleId;
    private final ProcessCalls calls;
    /** The list call, assembled once: it is cold, so every subscription makes a request of its own. */
    private @Nullable Flux<ProcessInfo> list;

    Processes(String capsuleId, ProcessCalls calls) {
        this.capsuleId = Arguments.capsuleId(capsuleId);
        this.calls = calls;
    }

    /** The capsule these processes run in. */
    public String capsuleId() {
        return capsuleId;
    }

    /**
     * Lists the processes the service started in the capsule and that still run: background processes, and
     * foreground and streamed commands while they run (processes of the capsule's init scripts are not
     * listed). Emits each process, then completes; a malformed list fails with {@link WrennProtocolException}.
     * Retried on transient failures according to the client's {@link RetryPolicy}.
     */
    public Flux<ProcessInfo> list() {
        Flux<ProcessInfo> listing = list;
        if (listing == null) { // a benign race: each thread would assemble the same cold Flux
            list = listing = calls.list(capsuleId);
        }
        return listing;
    }

    /** Kills a process with {@link ProcessSignal#SIGKILL}; see {@link #kill(ProcessSelector, ProcessSignal)}. */
    public Mono<Void> kill(ProcessSelector selector) {
        return kill(selector, ProcessSignal.SIGKILL);
    }

    /**
     * Sends a signal to a process. Completes empty once the service has delivered it; that is not the same
     * as the process having exited (a process may handle {@code SIGTERM} slowly or not at all): attach to see
     * its exit. Fails with {@link NotFoundException} if no such process runs.
     *
     * @throws IllegalArgumentException if {@code selector} or {@code signal} is null
     */
    public Mono<Void> kill(ProcessSelector selector, ProcessSignal signal) {
        return calls.kill(capsuleId, requireSelector(selector), Arguments.notNull(signal, "signal"));
    }

    /**
     * Attaches to a running process and streams its output from now on (the service keeps no history).
     *
     * <p>The stream emits {@link ProcessEvent.Started}, then output chunks in order, then
     * {@link ProcessEvent.Exited}, and completes. It fails with the typed error of an {@code error} frame; with
     * {@link NotFoundException} if the service closes the stream before {@code start} (its answer for a process
     * that does not exist or has already ended); with {@link StreamInterruptedException} if the connection ends
     * after {@code start} and before the exit is reported (never a silent completion), and its subclass
     * {@link StreamLimitException} when the service cuts the stream at its 10-minute limit (see
     * {@link #follow(ProcessSelector)}); with {@link WrennProtocolException} on a frame it cannot read; and with
     * {@link WrennTimeoutException} when the idle timeout passes while the subscriber waits. Reading from the
     * socket follows the subscriber's demand. Cancelling (from any thread, including from inside
     * {@code onNext}, as {@code take(n)} does) closes the connection at once and signals nothing more; it does
     * not stop the process. Each subscription is a new attachment, on one connection.
     *
     * @throws IllegalArgumentException if {@code selector} is null
     */
    public Flux<ProcessEvent> connect(ProcessSelector selector) {
        return calls.connect(capsuleId, requireSelector(selector));
    }

    /**
     * Follows a process to its exit across the service's 10-minute stream cuts and across dropped connections,
     * attaching again after each with {@link #DEFAULT_FOLLOW_RETRY}; see {@link #follow(ProcessSelector, RetryBackoffSpec)}.
     *
     * @throws IllegalArgumentException if {@code selector} is null
     */
    public Flux<ProcessEvent> follow(ProcessSelector selector) {
        return follow(selector, DEFAULT_FOLLOW_RETRY);
    }

    /**
     * Follows a process to its exit across the service's 10-minute stream cuts and across dropped connections.
     *
     * <p>Emits what {@link #connect(ProcessSelector)} emits, except that when an attachment ends before the exit
     * in a way after which the process may still run ({@link StreamInterruptedException}, including
     * {@link StreamLimitException}; {@link ConnectionException}; {@link WrennTimeoutException}; HTTP 502, 503,
     * 504), it attaches again after {@code retry}'s backoff. Each gap shows as one
     * {@link ProcessEvent.Reattached} event, which takes the place of the new attachment's {@code Started} and
     * carries why the previous connection ended; output the process wrote during the gap is lost, since the
     * service keeps no history. {@code retry}'s attempts count per gap (a successful re-attachment resets them),
     * its filter is narrowed to the failures above, and when it is exhausted the stream fails with the last
     * failure. Completes after {@link ProcessEvent.Exited}. If the process is gone when attaching again, its exit
     * happened during the gap: the stream fails with {@link StreamInterruptedException} whose cause is the
     * {@link NotFoundException} (a process not found at the first attachment fails with that exception itself).
     * Backpressure and cancellation are those of {@link #connect(ProcessSelector)}.
     *
     * @throws IllegalArgumentException if {@code selector} or {@code retry} is null
     */
    public Flux<ProcessEvent> follow(ProcessSelector selector, RetryBackoffSpec retry) {
        return calls.follow(capsuleId, requireSelector(selector), Arguments.notNull(retry, "retry"));
    }

    /**
     * Runs a command in the foreground with the service's default time limit of 30 seconds; see
     * {@link #exec(Command, Duration)}.
     */
    public Mono<CommandResult> exec(Command command) {
        return exec(command, Duration.ofSeconds(30));
    }

    /**
     * Runs a command to its end and returns its output, exit code and duration. Output is limited by the
     * client's maximum response size. Not retried.
     *
     * <p>{@code timeLimit} is rounded up to whole seconds. When it passes, the service stops waiting and
     * answers with an error, but it does not end the command: the call fails with
     * {@link WrennTimeoutException}, whose message says that the process may still be running in the capsule
     * (find it with {@link #list()} and {@link #kill(ProcessSelector)} it). The client waits the time limit
     * plus its response timeout, and fails the same way if no answer comes by then. The service's path to
     * the capsule gives up on any answer after about 45 seconds (a {@link ServerException} with HTTP 503):
     * run commands that may take longer with {@link #execStream(Command)}, which has no such limit.
     *
     * @throws IllegalArgumentException if {@code command} is null or {@code timeLimit} is not positive
     */
    public Mono<CommandResult> exec(Command command, Duration timeLimit) {
        Arguments.positive(timeLimit, "timeLimit");
        return calls.exec(capsuleId, Arguments.notNull(command, "command"), timeLimit);
    }

    /**
     * Starts a command in the background and emits a handle to it as soon as the service has started it.
     * The handle's tag is the command's tag, or the one the service chose; the handle selects the process by
     * PID when that tag cannot address it. Not retried.
     *
     * @throws IllegalArgumentException if {@code command} is null
     */
    public Mono<BackgroundProcess> start(Command command) {
        return calls.start(capsuleId, Arguments.notNull(command, "command"),
                (pid, tag) -> new BackgroundProcess(this, pid, tag));
    }

    /**
     * Starts a command and streams its output from its first byte, killing it with {@link ProcessSignal#SIGKILL} if
     * the subscriber cancels; see {@link #execStream(Command, OnCancel)}.
     *
     * @throws IllegalArgumentException if {@code command} is null
     */
    public Flux<ProcessEvent> execStream(Command command) {
        return execStream(command, OnCancel.kill());
    }

    /**
     * Starts a command and streams its output from its first byte, with the same events and termination rules
     * as {@link #connect(ProcessSelector)}; events name the process by the PID the service reports in
     * {@code start}. The service honours neither tag, environment nor working directory here.
     *
     * <p>Cancelling signals nothing more to the subscriber and, as a user cancelling "run this command"
     * expects, ends the process: the client sends the service {@code stop} (which only detaches), closes the
     * connection, and sends the process the signal {@code onCancel} names through {@link #kill(ProcessSelector,
     * ProcessSignal)}, in the background; {@link OnCancel#detach()} leaves it running instead. A cancel that comes
     * before {@code start} keeps the connection reading, quietly, until {@code start} reports the PID (at most the
     * client's handshake timeout), then does the same. The clean-up never blocks and never fails the caller: its
     * own failures are logged at DEBUG.
     *
     * @throws IllegalArgumentException if {@code command} or {@code onCancel} is null
     */
    public Flux<ProcessEvent> execStream(Command command, OnCancel onCancel) {
        return calls.execStream(capsuleId, Arguments.notNull(command, "command"), Arguments.notNull(onCancel, "onCancel"));
    }

    /**
     * Stops a process gracefully and emits its exit code: attaches to it, sends it {@code SIGTERM} once attached,
     * and, if it has not exited after {@code grace}, {@code SIGKILL}. Because the stream is attached before the
     * first signal is sent, the exit cannot be missed, however fast the process ends. The exit code is the
     * process's own status when it handled {@code SIGTERM} and exited, or {@code -1} when a signal ended it (the
     * service does not report 128 + signal).
     *
     * <p>Fails as {@link #connect(ProcessSelector)} fails: {@link NotFoundException} when no such process runs. A
     * process that exits between two steps is not an error. Cancelling detaches and stops sending signals; a
     * signal already sent stays sent.
     *
     * @param grace how long the process may take to exit after {@code SIGTERM}; zero sends {@code SIGKILL} at once
     * @throws IllegalArgumentException if {@code selector} or {@code grace} is null, or {@code grace} is negative
     */
    public Mono<Integer> stop(ProcessSelector selector, Duration grace) {
        requireSelector(selector);
        Arguments.notNegative(grace, "grace");
        return connect(selector)
                .flatMap(event -> {
                    if (event instanceof ProcessEvent.Started started) {
                        // Runs beside the stream, which goes on delivering until the exit; the exit cancels it.
                        ProcessSelector attached = ProcessSelector.pid(started.pid());
                        return signalIfRunning(attached, ProcessSignal.SIGTERM)
                                .then(Mono.delay(grace))
                                .then(signalIfRunning(attached, ProcessSignal.SIGKILL))
                                .then(Mono.<Integer>empty());
                    }
                    return event instanceof ProcessEvent.Exited exited ? Mono.just(exited.exitCode()) : Mono.empty();
                })
                .next();
    }

    /** A process that exits between two steps of {@link #stop} is not an error: its exit arrives on the stream. */
    private Mono<Void> signalIfRunning(ProcessSelector process, ProcessSignal signal) {
        return kill(process, signal).onErrorResume(NotFoundException.class, gone -> Mono.empty());
    }

    private static ProcessSelector requireSelector(ProcessSelector selector) {
        return Arguments.notNull(selector, "selector");
    }

    @Override
    public String toString() {
        return "Processes[" + capsuleId + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Processes p && capsuleId.equals(p.capsuleId) && calls == p.calls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(capsuleId, calls);
    }
}
