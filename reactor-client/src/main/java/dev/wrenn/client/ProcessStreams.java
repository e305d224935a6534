package dev.wrenn.client;

import dev.wrenn.client.internal.ErrorMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What users of process streams ask for next: lines instead of chunks, the exit code, or the whole output.
 * Each method takes a stream from {@link Processes#connect} or {@link Processes#execStream} (or several merged)
 * and keeps its termination rules: errors pass through unchanged. All are cold and keep backpressure.
 */
public final class ProcessStreams {

    /** Default longest line before a partial line is emitted as it is: 1 MiB of characters. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    /** Default most output {@link #collect(Flux)} keeps: 64 MiB. */
    public static final int DEFAULT_MAX_COLLECTED_BYTES = 64 << 20;

    private ProcessStreams() {
    }

    /**
     * Splits output into lines across chunk boundaries, stdout and stderr apart and each process apart. A
     * partial last line is emitted when its process exits. A line that reaches {@link #DEFAULT_MAX_LINE_LENGTH}
     * without an end is emitted in pieces, so memory stays bounded. Started and exited events are dropped;
     * the returned stream completes or fails when {@code events} does.
     */
    public static Flux<OutputLine> lines(Flux<ProcessEvent> events) {
        return lines(events, DEFAULT_MAX_LINE_LENGTH);
    }

    /** As {@link #lines(Flux)}, with the longest line of your choice (at least 1). */
    public static Flux<OutputLine> lines(Flux<ProcessEvent> events, int maxLineLength) {
        Arguments.notNull(events, "events");
        Arguments.atLeast(maxLineLength, 1, "maxLineLength");
        return Flux.defer(() -> {
            LineSplitter splitter = new LineSplitter(maxLineLength);
            return events.concatMapIterable(splitter::accept, 1);
        });
    }

    /**
     * The exit code of the process, once it exits; output is consumed and dropped. Fails as the stream fails;
     * fails with {@link StreamInterruptedException} if the stream completes without an exit event.
     */
    public static Mono<Integer> exitCode(Flux<ProcessEvent> events) {
        return Arguments.notNull(events, "events").ofType(ProcessEvent.Exited.class)
                .next()
                .map(ProcessEvent.Exited::exitCode)
                .switchIfEmpty(Mono.error(ErrorMapper::noExit));
    }

    /** As {@link #collect(Flux, int)} with {@link #DEFAULT_MAX_COLLECTED_BYTES}. */
    public static Mono<CommandResult> collect(Flux<ProcessEvent> events) {
        return collect(events, DEFAULT_MAX_COLLECTED_BYTES);
    }

    /**
     * Collects one process's whole stream into a {@link CommandResult}: its stdout and stderr (as UTF-8, the
     * text the service sent), its exit code, and the time from subscription to exit.
     *
     * @param maxBytes the most output kept; beyond it the result fails with {@link IllegalStateException}
     *                 rather than growing without bound
     */
    public static Mono<CommandResult> collect(Flux<ProcessEvent> events, int maxBytes) {
        Arguments.notNull(events, "events");
        Arguments.atLeast(maxBytes, 0, "maxBytes");
        return Mono.defer(() -> {
            long started = System.nanoTime();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            return events.handle((ProcessEvent event, reactor.core.publisher.SynchronousSink<CommandResult> sink) -> {
                if (event instanceof ProcessEvent.Output output) {
                    byte[] bytes = output.data().getBytes(StandardCharsets.UTF_8);
                    if (stdout.size() + stderr.size() + bytes.length > maxBytes) {
                        sink.error(new IllegalStateException("process output exceeds the limit of " + maxBytes + " bytes"));
                        return;
                    }
                    (output instanceof ProcessEvent.Stdout ? stdout : stderr).writeBytes(bytes);
                } else if (event instanceof ProcessEvent.Exited exited) {
                    sink.next(new CommandResult(stdout.toByteArray(), stderr.toByteArray(), exited.exitCode(),
                            Duration.ofNanos(System.nanoTime() - started)));
                }
            }).next().switchIfEmpty(Mono.error(ErrorMapper::noExit));
        });
    }

}
