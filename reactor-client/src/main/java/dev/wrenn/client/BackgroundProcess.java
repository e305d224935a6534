package dev.wrenn.client;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A process started in the background by {@link Processes#start(Command)}: where it runs, its PID and tag,
 * and the operations on it. Immutable; each operation returns a cold publisher like those of {@link Processes}.
 */
public final class BackgroundProcess {

    private final Processes processes;
    private final long pid;
    private final @Nullable String tag;

    BackgroundProcess(Processes processes, long pid, @Nullable String tag) {
        this.processes = processes;
        this.pid = pid;
        this.tag = tag == null || tag.isEmpty() ? null : tag;
    }

    /** The capsule it runs in. */
    public String capsuleId() {
        return processes.capsuleId();
    }

    /** Its PID inside the capsule. */
    public long pid() {
        return pid;
    }

    /** Its tag: the one it was started with, or the one the service chose; {@code null} if it reported none. */
    public @Nullable String tag() {
        return tag;
    }

    /**
     * Selects it by tag when it has one that the service can address (see {@link ProcessSelector}), else by
     * PID: a tag the service chose may be all digits, for instance.
     */
    public ProcessSelector selector() {
        return ProcessSelector.Tag.orPid(tag, pid);
    }

    /** Attaches to its output from now on; see {@link Processes#connect(ProcessSelector)}. */
    public Flux<ProcessEvent> connect() {
        return processes.connect(selector());
    }

    /** Kills it with {@link ProcessSignal#SIGKILL}; see {@link Processes#kill(ProcessSelector, ProcessSignal)}. */
    public Mono<Void> kill() {
        return processes.kill(selector());
    }

    /** Sends it a signal; see {@link Processes#kill(ProcessSelector, ProcessSignal)}. */
    public Mono<Void> kill(ProcessSignal signal) {
        return processes.kill(selector(), Arguments.notNull(signal, "signal"));
    }

    /**
     * Attaches and emits its exit code when it exits, dropping its output. The service reports exits only to
     * attached streams, so a process that has already ended fails this with {@link NotFoundException}.
     */
    public Mono<Integer> awaitExit() {
        return ProcessStreams.exitCode(connect());
    }

    /**
     * Stops it gracefully and emits its exit code; see {@link Processes#stop(ProcessSelector, Duration)}.
     */
    public Mono<Integer> stop(Duration grace) {
        return processes.stop(selector(), grace);
    }

    @Override
    public String toString() {
        return "BackgroundProcess[capsule=" + capsuleId() + ", pid=" + pid + ", tag=" + tag + "]";
    }
}
