package dev.wrenn.client;

import dev.wrenn.client.internal.CapsuleCalls;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Capsule lifecycle: create, inspect, pause, resume and destroy capsules, wait until one runs, and scope
 * work to a capsule that is destroyed afterwards whatever happens. Obtained from {@link WrennClient#capsules()}.
 *
 * <p>Every method returns a cold publisher. Failures arrive as {@link WrennException} subclasses, for example
 * {@link NotFoundException} for an unknown capsule and {@link InvalidStateException} for pausing one that is
 * not running.
 */
public final class Capsules {

    /** First and longest wait between two polls of {@link #awaitRunning}. */
    private static final Duration POLL_MIN = Duration.ofMillis(50);
    private static final Duration POLL_MAX = Duration.ofSeconds(2);

    private final CapsuleCalls calls;

    Capsules(CapsuleCalls calls) {
        this.calls = calls;
    }

    /**
     * Creates a capsule and emits it as the service first describes it: already {@link CapsuleStatus#RUNNING}
     * on a service that creates synchronously, or {@link CapsuleStatus#PENDING} or
     * {@link CapsuleStatus#STARTING} on one that boots it afterwards. {@link #awaitRunning} covers both.
     * Not retried.
     *
     * @throws IllegalArgumentException if {@code spec} is null
     */
    public Mono<Capsule> create(CapsuleSpec spec) {
        return calls.create(Arguments.notNull(spec, "spec"));
    }

    /**
     * Emits the capsule, or fails with {@link NotFoundException}. A destroyed capsule is still found, with
     * status {@link CapsuleStatus#STOPPED}. Retried on transient failures.
     */
    public Mono<Capsule> get(String capsuleId) {
        return calls.get(Arguments.capsuleId(capsuleId));
    }

    /**
     * Emits the capsules of the team the API key belongs to, newest first, then completes. The service leaves
     * out stopped capsules and those in error. Retried on transient failures.
     */
    public Flux<Capsule> list() {
        return calls.list();
    }

    /**
     * Destroys a capsule and everything running in it; completes empty when done. The service keeps its
     * record as {@link CapsuleStatus#STOPPED}, and destroying it again completes too. Not retried.
     */
    public Mono<Void> destroy(String capsuleId) {
        return calls.destroy(Arguments.capsuleId(capsuleId));
    }

    /** Pauses a running capsule and emits it; fails with {@link InvalidStateException} if it is not running. */
    public Mono<Capsule> pause(String capsuleId) {
        return calls.pause(Arguments.capsuleId(capsuleId));
    }

    /** Resumes a paused capsule and emits it; fails with {@link InvalidStateException} if it is not paused. */
    public Mono<Capsule> resume(String capsuleId) {
        return calls.resume(Arguments.capsuleId(capsuleId));
    }

    /** Resets the capsule's inactivity timer; completes empty. Fails with {@link InvalidStateException} if it is not running. */
    public Mono<Void> ping(String capsuleId) {
        return calls.ping(Arguments.capsuleId(capsuleId));
    }

    /**
     * Polls the capsule, with exponential backoff from 50 ms to 2 s, until it is {@link CapsuleStatus#RUNNING},
     * and emits it then: at once when it already runs. Fails at once with {@link InvalidStateException} if it
     * is {@code stopped}, {@code error} or {@code missing} (its host stopped reporting), since none of these
     * turns into running by waiting; with {@link WrennTimeoutException} (naming the last status seen) if
     * {@code deadline} passes first; and with the error of a failed poll (after the client's retries), such as
     * {@link NotFoundException}. Other states ({@code pending}, {@code starting}, {@code paused} while someone
     * resumes it, a state this client does not know) are waited out. Never blocks a thread while waiting.
     *
     * @throws IllegalArgumentException if {@code deadline} is null or not positive
     */
    public Mono<Capsule> awaitRunning(String capsuleId, Duration deadline) {
        String id = Arguments.capsuleId(capsuleId);
        Arguments.positive(deadline, "deadline");
        return Mono.defer(() -> {
            AtomicReference<CapsuleStatus> lastSeen = new AtomicReference<>();
            return calls.get(id)
                    .doOnNext(capsule -> lastSeen.set(capsule.status()))
                    .flatMap(capsule -> checkRunning(capsule))
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, POLL_MIN).maxBackoff(POLL_MAX)
                            .filter(NotRunningYet.class::isInstance))
                    .timeout(deadline, Mono.error(() ->
                            dev.wrenn.client.internal.ErrorMapper.notRunningWithin(id, deadline, lastSeen.get())));
        });
    }

    private static Mono<Capsule> checkRunning(Capsule capsule) {
        if (capsule.status() == CapsuleStatus.RUNNING) {
            return Mono.just(capsule);
        }
        if (capsule.status().isTerminal() || capsule.status() == CapsuleStatus.MISSING) {
            return Mono.error(new InvalidStateException("capsule " + capsule.id() + " will not run: its status is "
                    + capsule.status() + (capsule.status() == CapsuleStatus.MISSING
                            ? " (its host stopped reporting; get it again later to see whether it came back)"
                            : " (create a new capsule)"), 0, "invalid_state", null, null));
        }
        return Mono.error(NotRunningYet.INSTANCE);
    }

    /**
     * Creates a capsule, waits until it runs, hands it to {@code work}, and destroys it when the work completes,
     * fails, or is cancelled, so no capsule outlives the work. Emits what the work emits: this is the form for
     * work that is one {@code Mono}; {@link #withCapsuleMany} takes any {@code Publisher}.
     *
     * <pre>{@code
     * Mono<String> out = client.capsules().withCapsule(CapsuleSpec.defaults(), Duration.ofMinutes(1),
     *         capsule -> client.processes(capsule.id()).exec(Command.shell("uname -a")).map(CommandResult::stdout));
     * }</pre>
     *
     * A capsule that is already destroyed or gone when the cleanup runs is not an error. If the subscription is
     * cancelled while the create request itself is in flight, the service may still create the capsule; its
     * inactivity timeout is then the safety net.
     *
     * @param startDeadline how long to wait for the capsule to run
     */
    public <T> Mono<T> withCapsule(CapsuleSpec spec, Duration startDeadline,
            Function<Capsule, ? extends Mono<? extends T>> work) {
        // Waits for the completion, not the value, so the capsule is destroyed before the result is emitted.
        return withCapsuleMany(spec, startDeadline, work).singleOrEmpty();
    }

    /**
     * As {@link #withCapsule}, for work that emits any number of values, such as a process's output: the capsule
     * is destroyed when the work's publisher completes, fails, or is cancelled.
     *
     * @param startDeadline how long to wait for the capsule to run
     */
    public <T> Flux<T> withCapsuleMany(CapsuleSpec spec, Duration startDeadline,
            Function<Capsule, ? extends Publisher<? extends T>> work) {
        Arguments.notNull(spec, "spec");
        Arguments.positive(startDeadline, "startDeadline");
        Arguments.notNull(work, "work");
        return Flux.usingWhen(create(spec),
                capsule -> awaitRunning(capsule.id(), startDeadline).flatMapMany(work),
                this::destroyQuietly,
                (capsule, error) -> destroyQuietly(capsule),
                this::destroyQuietly);
    }

    private Mono<Void> destroyQuietly(Capsule capsule) {
        return calls.destroy(capsule.id()).onErrorResume(NotFoundException.class, gone -> Mono.empty());
    }

    /** Marks a poll that saw the capsule still on its way to running. */
    private static final class NotRunningYet extends RuntimeException {
        static final NotRunningYet INSTANCE = new NotRunningYet();

        private NotRunningYet() {
            super("not running yet", null, false, false);
        }
    }
}
