package dev.wrenn.examples;

import dev.wrenn.client.BackgroundProcess;
import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.OutputLine;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.WrennClient;
import java.io.PrintStream;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tour of the client: create a capsule, start a tagged background process, list the processes, attach
 * and print its output live, stop it with SIGTERM by tag, report its exit, and destroy the capsule, also when
 * a step fails.
 *
 * <p>Runs against the real service when {@code WRENN_API_KEY} is set, otherwise against a local emulator.
 */
public final class MainJob {

    static final String TAG = "ticker";
    /** Lines to watch before asking the ticker to stop. */
    static final int LINES_BEFORE_STOP = 5;
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);

    /**
     * Prints a numbered line every 200 ms; on SIGTERM says goodbye and exits 0. Sleeping in the background
     * and waiting for it lets the trap run as soon as the signal arrives.
     */
    static final Command TICKER = Command.shell("trap 'echo \"ticker: got SIGTERM, goodbye\"; exit 0' TERM;"
            + " n=1; while true; do echo \"ticker: line $n\"; n=$((n + 1)); sleep 0.2 & wait $!; done").withTag(TAG);

    private final WrennClient client;
    private final PrintStream out;

    public MainJob(WrennClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    public static void main(String[] args) {
        Target.runMain("MainJob", client -> new MainJob(client, System.out).run());
    }

    /** The whole job; completes when the capsule is destroyed, and fails if any step does. */
    public Mono<Void> run() {
        return Mono.fromRunnable(() -> say("Creating a capsule and waiting until it runs..."))
                .thenMany(client.capsules().withCapsule(CapsuleSpec.defaults(), START_DEADLINE, this::work))
                .then()
                .doOnSuccess(done -> say("Capsule destroyed."))
                .doOnError(error -> say("Failed (" + error + "); the capsule was destroyed all the same."));
    }

    private Mono<Void> work(Capsule capsule) {
        say("Capsule " + capsule.id() + " is " + capsule.status() + ".");
        Processes processes = client.processes(capsule.id());
        return processes.start(TICKER)
                .doOnNext(ticker -> say("Started " + TICKER.program() + " in the background: pid " + ticker.pid()
                        + ", tag " + ticker.tag() + "."))
                .flatMap(ticker -> listProcesses(processes).then(watchAndStop(processes, ticker)))
                .then(Mono.fromRunnable(() -> say("Destroying capsule " + capsule.id() + "...")));
    }

    private Mono<Void> listProcesses(Processes processes) {
        return Mono.fromRunnable(() -> say("Processes in the capsule:"))
                .thenMany(processes.list())
                .doOnNext(this::sayProcess)
                .then();
    }

    private void sayProcess(ProcessInfo process) {
        String commandLine = (process.cmd() + " " + String.join(" ", process.args())).strip();
        say(String.format("  pid %-6d tag %-10s %s", process.pid(), process.tag().isEmpty() ? "-" : process.tag(),
                commandLine.length() > 60 ? commandLine.substring(0, 57) + "..." : commandLine));
    }

    /**
     * One attachment, shared by three subscribers: one prints every line as it arrives, one sends SIGTERM
     * after a few lines, one reports the exit. {@code publish} lets them see the same events without opening
     * three connections.
     */
    private Mono<Void> watchAndStop(Processes processes, BackgroundProcess ticker) {
        Mono<Void> watch = ticker.connect().publish(events -> Mono.when(
                ProcessStreams.lines(events).doOnNext(this::sayLine),
                stopAfterFewLines(processes, ProcessStreams.lines(events)),
                events.ofType(ProcessEvent.Exited.class).doOnNext(exit -> say("Process " + exit.selector()
                        + " exited with code " + exit.exitCode() + "."))))
                .then();
        return Mono.fromRunnable(() -> say("Attaching to " + ticker.selector() + "; output follows as it arrives:"))
                .then(watch);
    }

    private void sayLine(OutputLine line) {
        say((line.stream() == ProcessEvent.StandardStream.STDERR ? "  ! " : "  | ") + line.text());
    }

    private Mono<Void> stopAfterFewLines(Processes processes, Flux<?> lines) {
        ProcessSelector byTag = ProcessSelector.tag(TAG);
        return lines.elementAt(LINES_BEFORE_STOP - 1)
                .doOnNext(enough -> say("Seen " + LINES_BEFORE_STOP + " lines: sending SIGTERM to tag " + TAG + "."))
                .flatMap(enough -> processes.kill(byTag, ProcessSignal.SIGTERM));
    }

    private void say(String message) {
        out.println(message);
    }
}
