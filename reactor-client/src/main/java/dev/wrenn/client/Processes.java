package dev.wrenn.client;

import dev.wrenn.client.internal.Endpoints;
import dev.wrenn.client.internal.ProcessCalls;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

    private final String capsuleId;
    private final ProcessCalls calls;

    Processes(String capsuleId, ProcessCalls calls) {
        this.capsuleId = Endpoints.checkCapsuleId(capsuleId);
        this.calls = calls;
    }

    /** The capsule these processes run in. */
    public String capsuleId() {
        return capsuleId;
    }

    /**
     * Lists the processes the service started in the capsule and that still run: background processes, and
     * foreground and streamed commands while they run (processes of the capsule's init scripts are not
     * listed). Emits each process, then completes; a malformed list fails with {@link ProtocolException}.
     * Retried on transient failures according to the client's {@link RetryPolicy}.
     */
    public Flux<ProcessInfo> list() {
        return calls.list(capsuleId);
    }

    /** Kills a process with {@link Signal#SIGKILL}; see {@link #kill(ProcessSelector, Signal)}. */
    public Mono<Void> kill(ProcessSelector selector) {
        return kill(selector, Signal.SIGKILL);
    }

    /**
     * Sends a signal to a process. Completes empty once the service has delivered it; that is not the same
     * as the process having exited (a process may handle {@code SIGTERM} slowly or not at all): attach to see
     * its exit. Fails with {@link NotFoundException} if no such process runs.
     *
     * @throws IllegalArgumentException if {@code selector} or {@code signal} is null
     */
    public Mono<Void> kill(ProcessSelector selector, Signal signal) {
        return calls.kill(capsuleId, requireSelector(selector), requireArgument(signal, "signal"));
    }

    /**
     * Attaches to a running process and streams its output from now on (the service keeps no history).
     *
     * <p>The stream emits {@link ProcessEvent.Started}, then output chunks in order, then
     * {@link ProcessEvent.Exited}, and completes. It fails with the typed error of an {@code error} frame, with
     * {@link StreamInterruptedException} if the connection ends before the exit is reported (never a silent
     * completion), with {@link ProtocolException} on a frame it cannot read, and with
     * {@link WrennTimeoutException} when the idle timeout passes while the subscriber waits. Reading from the
     * socket follows the subscriber's demand. Cancelling closes the connection at once; it does not stop the
     * process. Each subscription is a new attachment.
     *
     * @throws IllegalArgumentException if {@code selector} is null
     */
    public Flux<ProcessEvent> attach(ProcessSelector selector) {
        return calls.attach(capsuleId, requireSelector(selector));
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
        requireArgument(timeLimit, "timeLimit");
        if (timeLimit.isZero() || timeLimit.isNegative()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
        return calls.exec(capsuleId, requireArgument(command, "command"), timeLimit);
    }

    /**
     * Starts a command in the background and emits a handle to it as soon as the service has started it.
     * The handle's tag is the command's tag, or the one the service chose; the handle selects the process by
     * PID when that tag cannot address it. Not retried.
     *
     * @throws IllegalArgumentException if {@code command} is null
     */
    public Mono<BackgroundProcess> start(Command command) {
        return calls.start(capsuleId, requireArgument(command, "command"),
                (pid, tag) -> new BackgroundProcess(this, pid, tag));
    }

    /**
     * Starts a command and streams its output from its first byte, with the same events and termination rules
     * as {@link #attach(ProcessSelector)}; events name the process by the PID the service reports. Cancelling
     * sends the service {@code stop}, which ends the process, then closes the connection. The service honours
     * neither tag, environment nor working directory here.
     *
     * @throws IllegalArgumentException if {@code command} is null
     */
    public Flux<ProcessEvent> execStream(Command command) {
        return calls.execStream(capsuleId, requireArgument(command, "command"));
    }

    private static ProcessSelector requireSelector(ProcessSelector selector) {
        return requireArgument(selector, "selector");
    }

    static <T> T requireArgument(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
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
