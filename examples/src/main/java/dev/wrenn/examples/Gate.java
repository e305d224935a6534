package dev.wrenn.examples;

import dev.wrenn.client.BackgroundProcess;
import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.Processes;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds a background process before its first line until someone watches it. The service keeps no history of
 * output: an attachment sees only what is written after it started, and a process may even end before its
 * watcher attaches. So a process that must be seen from its first line starts by waiting for a file, its gate,
 * and the watcher creates that file once its attachment has started: attach, then release.
 *
 * <p>The wait is bounded (a minute), so a process nobody watches does not wait forever.
 */
public record Gate(String file) {

    /** The gate of the process tagged {@code tag}, a file in the capsule's home directory. */
    public static Gate forTag(String tag) {
        return new Gate(".go-" + tag);
    }

    /** {@code script}, run once the gate is open. */
    public Command guard(String script) {
        return Command.shell("n=0; while [ ! -e " + file + " ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done\n"
                + script);
    }

    /** Opens the gate: a foreground exec that completes once the file exists. */
    public Mono<Void> open(Processes processes) {
        return processes.exec(Command.of("touch", file)).then();
    }

    /**
     * Every event of {@code process}, from its first line: attaches, and opens the gate when the attachment has
     * started. The {@code Started} event is passed on only once the gate is open, so events stay in order.
     */
    public Flux<ProcessEvent> watch(Processes processes, BackgroundProcess process) {
        return process.connect().concatMap(event -> event instanceof ProcessEvent.Started
                ? open(processes).thenReturn(event)
                : Mono.just(event));
    }
}
