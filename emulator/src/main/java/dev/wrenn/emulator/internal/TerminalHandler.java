package dev.wrenn.emulator.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /v1/capsules/{id}/pty}: starts a program under a terminal ({@link Terminal}) or re-attaches to one by
 * tag, relays its output as base64 bytes, applies the client's input through a {@link TerminalInputQueue}, and sends
 * {@code {"type":"ping"}} every ping interval. Closing the connection only detaches; the stream limit cuts it as
 * the other streams.
 */
final class TerminalHandler {

    private static final String DEFAULT_CMD = "/bin/bash";
    private static final long DEFAULT_COLS = 80;
    private static final long DEFAULT_ROWS = 24;

    private final CapsuleRegistry registry;
    private final ProcessLauncher launcher;
    private final StreamSession session;
    private final StreamHandlers streams;
    private final Duration pingInterval;
    private final StreamStats stats;

    TerminalHandler(CapsuleRegistry registry, ProcessLauncher launcher, StreamSession session,
                    StreamHandlers streams, Duration pingInterval, StreamStats stats) {
        this.stats = stats;
        this.registry = registry;
        this.launcher = launcher;
        this.session = session;
        this.streams = streams;
        this.pingInterval = pingInterval;
    }

    Mono<Void> pty(ApiCall call, HttpServerResponse response) {
        return session.open(call.request(), response, client -> frames(client, call.capsuleId()));
    }

    private Flux<String> frames(ClientMessages client, String capsuleId) {
        TerminalInputQueue input = new TerminalInputQueue(stats);
        client.onLaterMessages(input::offer);
        return Mono.fromCallable(() -> runningCapsule(capsuleId))
                .onErrorMap(ApiException.class, e -> new FatalError(e.getMessage()))
                .flatMapMany(capsule -> client.first()
                        .switchIfEmpty(Mono.error(new FatalError("failed to read first message: EOF")))
                        .flatMapMany(first -> session(capsule, parse(first), input)))
                .takeUntilOther(client.gone())
                .onErrorResume(FatalError.class, e -> Flux.just(Frames.fatalError(e.getMessage())));
    }

    private Flux<String> session(Capsule capsule, Wire.PtyMessage first, TerminalInputQueue input) {
        return switch (String.valueOf(first.type())) {
            case "start" -> start(capsule, first, input);
            case "connect" -> connect(capsule, first, input);
            default -> Flux.error(new FatalError("first message must be type 'start' or 'connect'"));
        };
    }

    private Flux<String> start(Capsule capsule, Wire.PtyMessage start, TerminalInputQueue input) {
        String tag = Terminal.newTag();
        ProcessSpec spec;
        try {
            spec = Terminal.spec(tag, orDefault(start.cmd()), start.args() == null ? List.of() : start.args(),
                    positiveOr(start.cols(), DEFAULT_COLS), positiveOr(start.rows(), DEFAULT_ROWS),
                    start.envs() == null ? Map.of() : start.envs(), start.cwd());
        } catch (ApiException e) {
            return Flux.error(new FatalError("failed to start pty: " + e.getMessage()));
        }
        capsule.markActive();
        return launcher.launch(capsule, spec, true, true)
                .onErrorMap(ApiException.class, e -> new FatalError("failed to start pty: " + e.getMessage()))
                .flatMapMany(launch -> Flux.concat(
                        Mono.just(Frames.ptyStarted(tag, launch.process().pid())),
                        relay(new Terminal(launch.process()), launch.attachment(), input)));
    }

    /** An unknown tag gets the relay's failure, as upstream: an {@code error} that is not fatal. */
    private Flux<String> connect(Capsule capsule, Wire.PtyMessage connect, TerminalInputQueue input) {
        if (connect.tag() == null || connect.tag().isEmpty()) {
            return Flux.error(new FatalError("connect requires a 'tag' field"));
        }
        return Mono.justOrEmpty(capsule.processes().find(ProcessSelector.parse(connect.tag()))
                        .filter(Terminal::isTerminal))
                .flatMapMany(process -> relay(new Terminal(process), process.attach(), input))
                .switchIfEmpty(Mono.fromSupplier(() -> Frames.error("not_found: pty session " + connect.tag()
                        + " not found")));
    }

    private Flux<String> relay(Terminal terminal, Attachment attachment, TerminalInputQueue input) {
        input.deliverTo(terminal);
        Flux<String> output = streams.limited(Flux.using(() -> attachment,
                a -> a.events().takeWhile(event -> !(event instanceof ProcessEvent.Severed)).map(Frames::ptyEvent),
                Attachment::detach));
        return output.publish(shared -> Flux.merge(shared,
                Flux.interval(pingInterval, pingInterval).map(tick -> Frames.ping()).takeUntilOther(shared.then())));
    }

    private Capsule runningCapsule(String capsuleId) {
        Capsule capsule = registry.require(capsuleId);
        capsule.requireRunning();
        return capsule;
    }

    private static Wire.PtyMessage parse(String text) {
        try {
            return Json.read(text, Wire.PtyMessage.class);
        } catch (ApiException e) {
            throw new FatalError("failed to read first message: invalid JSON");
        }
    }

    private static String orDefault(String cmd) {
        return cmd == null || cmd.isEmpty() ? DEFAULT_CMD : cmd;
    }

    private static long positiveOr(Long value, long fallback) {
        return value == null || value <= 0 ? fallback : value;
    }

    /** Ends the session with {@code {"type":"error","data":...,"fatal":true}}. */
    private static final class FatalError extends RuntimeException {
        FatalError(String message) {
            super(message, null, false, false);
        }
    }
}
