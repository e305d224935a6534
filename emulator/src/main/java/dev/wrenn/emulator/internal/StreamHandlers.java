package dev.wrenn.emulator.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The two WebSocket endpoints: attach to a running process, and start-and-stream a new one. Both only ever detach
 * from the process: neither a client's {@code stop} or close nor the stream limit kills it.
 */
final class StreamHandlers {

    /** What upstream relays when its 10-minute HTTP client timeout to the host agent cuts a stream. */
    static final String STREAM_LIMIT_ERROR =
            "deadline_exceeded: context deadline exceeded (Client.Timeout or context cancellation while reading body)";

    private final CapsuleRegistry registry;
    private final ProcessLauncher launcher;
    private final StreamSession session;
    private final Duration streamLimit;

    StreamHandlers(CapsuleRegistry registry, ProcessLauncher launcher, StreamSession session, Duration streamLimit) {
        this.registry = registry;
        this.launcher = launcher;
        this.session = session;
        this.streamLimit = streamLimit;
    }

    /** {@code GET /v1/capsules/{id}/processes/{selector}/stream}. */
    Mono<Void> attach(ApiCall call, HttpServerResponse response) {
        ProcessSelector selector = ProcessSelector.parse(call.selector());
        return session.open(call.request(), response, client -> attachFrames(client, call.capsuleId(), selector));
    }

    /** {@code GET /v1/capsules/{id}/exec/stream}. */
    Mono<Void> execStream(ApiCall call, HttpServerResponse response) {
        return session.open(call.request(), response, client -> execFrames(client, call.capsuleId()));
    }

    /** An unknown process gets no frame at all: upstream's host agent only logs the failed connect. */
    private Flux<String> attachFrames(ClientMessages client, String capsuleId, ProcessSelector selector) {
        return Flux.defer(() -> runningCapsule(capsuleId).processes().find(selector)
                        .map(process -> limited(Flux.using(process::attach,
                                attachment -> relay(process, attachment), Attachment::detach)))
                        .orElse(Flux.empty()))
                .takeUntilOther(client.gone())
                .onErrorResume(ApiException.class, e -> Flux.just(Frames.error(e.getMessage())));
    }

    private Flux<String> execFrames(ClientMessages client, String capsuleId) {
        return Mono.fromCallable(() -> runningCapsule(capsuleId))
                .flatMapMany(capsule -> client.first().flatMapMany(message -> {
                    ProcessSpec spec = startSpec(message);
                    capsule.markActive();
                    return launcher.launch(capsule, spec, true).flatMapMany(launch -> limited(
                            Flux.using(launch::attachment, attachment -> relay(launch.process(), attachment),
                                    Attachment::detach)))
                            // After stop the stream just ends: no exit, no error (as upstream).
                            .takeUntilOther(client.stopRequested());
                }))
                .onErrorResume(ApiException.class, e -> Flux.just(Frames.error(e.getMessage())));
    }

    private Capsule runningCapsule(String capsuleId) {
        Capsule capsule = registry.require(capsuleId);
        capsule.requireRunning();
        return capsule;
    }

    private static Flux<String> relay(HostProcess process, Attachment attachment) {
        return Flux.concat(Mono.just(Frames.start(process.pid())),
                attachment.events().takeWhile(event -> !(event instanceof ProcessEvent.Severed)).map(Frames::of));
    }

    /** Cuts {@code relay} after the stream limit with the upstream error message, unless it ended first. */
    Flux<String> limited(Flux<String> relay) {
        return Flux.defer(() -> {
            AtomicBoolean decided = new AtomicBoolean();
            AtomicBoolean cut = new AtomicBoolean();
            Mono<Long> deadline = Mono.delay(streamLimit)
                    .filter(tick -> decided.compareAndSet(false, true))
                    .doOnNext(tick -> cut.set(true));
            return relay.doOnComplete(() -> decided.set(true))
                    .takeUntilOther(deadline)
                    .concatWith(Mono.fromSupplier(() -> cut.get() ? Frames.error(STREAM_LIMIT_ERROR) : null));
        });
    }

    /** Upstream reads {@code type}, {@code cmd} and {@code args}; {@code tag}, {@code envs}, {@code cwd} are ignored. */
    private static ProcessSpec startSpec(String message) {
        Wire.StartMessage start;
        try {
            start = Json.read(message, Wire.StartMessage.class);
        } catch (ApiException e) {
            throw ApiException.invalidRequest("failed to read start message: invalid JSON");
        }
        if (!"start".equals(start.type()) || start.cmd() == null || start.cmd().isEmpty()) {
            throw ApiException.invalidRequest("first message must be type 'start' with a 'cmd' field");
        }
        return ProcessSpec.of(start.cmd(), start.args(), null, null, null);
    }
}
