package dev.wrenn.examples;

import dev.wrenn.client.BackgroundProcess;
import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.OutputLine;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.WrennClient;
import dev.wrenn.client.WrennException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs a few hundred processes at once from one client: starts them in the background with a tag each,
 * attaches to all of them, prints their merged output with the capsule and tag on every line, reports
 * progress every second, and at a deadline stops the stragglers with SIGTERM, then SIGKILL for those that
 * ignore it.
 *
 * <p>Every worker waits at its {@link Gate} until its attachment has started, so no worker ends, or writes a
 * line, before it is watched, however busy the machine. The deadline counts from the moment every worker is
 * under way (released, or its stream lost).
 *
 * <p>Every stream has a connection of its own on the client's event loops: no thread per process.
 * Usage: {@code Orchestrator [processes]} (default 200).
 */
public final class Orchestrator {

    /** Starts in flight at once: enough to be quick, few enough to be polite to the service. */
    private static final int START_CONCURRENCY = 16;
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);
    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(1);

    /**
     * What the whole run is configured with.
     *
     * @param processes   how many workers, at least 1
     * @param deadline    how long the workers have, from when every one is under way, before the stragglers
     *                    get SIGTERM
     * @param gracePeriod how long after SIGTERM those still running get SIGKILL
     */
    public record Settings(int processes, Duration deadline, Duration gracePeriod) {
        public Settings {
            if (processes < 1) {
                throw new IllegalArgumentException("processes must be at least 1");
            }
        }

        public static Settings defaults(int processes) {
            return new Settings(processes, Duration.ofSeconds(6), Duration.ofSeconds(1));
        }
    }

    /** Counts at the end of a run. */
    public record Summary(int started, int attached, int exited, int lost, long lines, int terminated, int killed) {
    }

    private final WrennClient client;
    private final Settings settings;
    private final PrintStream out;

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger attached = new AtomicInteger();
    private final AtomicInteger exited = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicInteger terminated = new AtomicInteger();
    private final AtomicInteger killed = new AtomicInteger();
    /** Started and not yet seen to exit, by tag: the candidates for stopping at the deadline. */
    private final Map<ProcessSelector, BackgroundProcess> running = new ConcurrentHashMap<>();
    /** Released from their gate, or lost before: the deadline starts when every worker is in here. */
    private final Set<ProcessSelector> underWay = ConcurrentHashMap.newKeySet();
    private final Sinks.Empty<Void> allUnderWay = Sinks.empty();

    public Orchestrator(WrennClient client, Settings settings, PrintStream out) {
        this.client = client;
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Target.runMain("Orchestrator", client ->
                new Orchestrator(client, Settings.defaults(processes), System.out).run());
    }

    /** The whole run, in a capsule destroyed at the end; emits the final counts. */
    public Mono<Summary> run() {
        return client.capsules()
                .withCapsule(CapsuleSpec.defaults(), START_DEADLINE, this::orchestrate)
                .then(Mono.fromSupplier(this::summary))
                .doOnNext(summary -> out.println("Finished: " + summary));
    }

    private Mono<Void> orchestrate(Capsule capsule) {
        out.printf("Capsule %s is running; starting %d processes%n", capsule.id(), settings.processes());
        Processes processes = client.processes(capsule.id());
        Mono<Void> watchAll = printLines(Flux.range(0, settings.processes())
                .flatMap(i -> start(processes, i), START_CONCURRENCY)
                .flatMap(process -> watch(processes, process), settings.processes()));
        Mono<Void> stopStragglers = allUnderWay.asMono()
                .then(Mono.delay(settings.deadline()))
                .then(Mono.defer(this::stopStragglers));
        // Ends when every stream has ended and the deadline has been enforced; the progress report runs
        // until then and is cancelled with it.
        return Mono.when(watchAll, stopStragglers).or(reportProgress());
    }

    /**
     * Mostly short jobs; every tenth runs until stopped but honours SIGTERM, every 25th also ignores SIGTERM.
     * Each waits at its gate first.
     */
    static Command workerCommand(int index) {
        String tag = tag(index);
        Gate gate = Gate.forTag(tag);
        if (index % 25 == 24) {
            return gate.guard("trap '' TERM; while true; do echo 'stubborn: ignoring SIGTERM'; sleep 1; done")
                    .withTag(tag);
        }
        if (index % 10 == 9) {
            // Sleeping in the background and waiting for it lets the trap run as soon as SIGTERM arrives.
            return gate.guard("trap 'kill $! 2>/dev/null; echo \"stopping early\"; exit 143' TERM;"
                    + " while true; do echo 'still working'; sleep 1 & wait $!; done").withTag(tag);
        }
        return gate.guard("for step in 1 2 3; do echo \"step $step of 3\"; sleep 0." + (index % 5 + 1)
                + "; done; echo done").withTag(tag);
    }

    static String tag(int index) {
        return String.format("worker-%03d", index);
    }

    private Mono<BackgroundProcess> start(Processes processes, int index) {
        return processes.start(workerCommand(index)).doOnNext(process -> {
            started.incrementAndGet();
            running.put(process.selector(), process);
        });
    }

    /**
     * One process's events, from its first line (see {@link Gate}); a stream that fails (the process may be
     * gone already) is counted, not fatal.
     */
    private Flux<ProcessEvent> watch(Processes processes, BackgroundProcess process) {
        return Gate.forTag(process.tag()).watch(processes, process)
                .doOnNext(event -> {
                    if (event instanceof ProcessEvent.Started) {
                        attached.incrementAndGet();
                        markUnderWay(process);
                    } else if (event instanceof ProcessEvent.Exited) {
                        exited.incrementAndGet();
                        running.remove(event.selector());
                    }
                })
                .onErrorResume(WrennException.class, error -> {
                    lost.incrementAndGet();
                    markUnderWay(process);
                    out.println(process.tag() + ": stream lost: " + error.getMessage());
                    return Flux.empty();
                });
    }

    private void markUnderWay(BackgroundProcess process) {
        if (underWay.add(process.selector()) && underWay.size() == settings.processes()) {
            allUnderWay.tryEmitEmpty();
        }
    }

    /** Merged output with attribution: every line says which capsule and process wrote it. */
    private Mono<Void> printLines(Flux<ProcessEvent> events) {
        return ProcessStreams.lines(events)
                .doOnNext(line -> {
                    lines.incrementAndGet();
                    out.println(attribution(line) + line.text());
                })
                .then();
    }

    private static String attribution(OutputLine line) {
        return line.capsuleId() + "/" + line.selector() + (line.stream() == ProcessEvent.StandardStream.STDERR
                ? " [stderr] " : " | ");
    }

    private Mono<Void> stopStragglers() {
        List<BackgroundProcess> stragglers = List.copyOf(running.values());
        if (stragglers.isEmpty()) {
            return Mono.empty();
        }
        out.printf("Deadline passed: sending SIGTERM to %d stragglers%n", stragglers.size());
        return signal(stragglers, ProcessSignal.SIGTERM, terminated)
                .then(Mono.delay(settings.gracePeriod()))
                .then(Mono.defer(() -> {
                    List<BackgroundProcess> stubborn = List.copyOf(running.values());
                    if (stubborn.isEmpty()) {
                        return Mono.empty();
                    }
                    out.printf("Sending SIGKILL to %d that are still running%n", stubborn.size());
                    return signal(stubborn, ProcessSignal.SIGKILL, killed);
                }));
    }

    /** A process that exits on its own meanwhile is not an error: it is what we wanted. */
    private static Mono<Void> signal(Collection<BackgroundProcess> targets, ProcessSignal signal, AtomicInteger sent) {
        return Flux.fromIterable(targets)
                .flatMap(process -> process.kill(signal)
                        .doOnSuccess(done -> sent.incrementAndGet())
                        .onErrorResume(NotFoundException.class, alreadyGone -> Mono.empty()), START_CONCURRENCY)
                .then();
    }

    /** Never completes: {@code or} cancels it when the work ends. */
    private Mono<Void> reportProgress() {
        return Flux.interval(PROGRESS_PERIOD)
                .doOnNext(tick -> out.printf("-- progress: %d started, %d attached, %d running, %d exited,"
                                + " %d lost, %d lines seen%n", started.get(), attached.get(),
                        attached.get() - exited.get(), exited.get(), lost.get(), lines.get()))
                .then();
    }

    private Summary summary() {
        return new Summary(started.get(), attached.get(), exited.get(), lost.get(), lines.get(), terminated.get(),
                killed.get());
    }
}
