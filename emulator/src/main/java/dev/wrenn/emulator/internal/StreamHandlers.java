package dev.wrenn.emulator.internal;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/** The two WebSocket endpoints: attach to a running process, and start-and-stream a new one. */
final class StreamHandlers {

    private final CapsuleRegistry registry;
    private final ProcessLauncher launcher;
    private final StreamSession session;

    StreamHandlers(CapsuleRegistry registry, ProcessLauncher launcher, StreamSession session) {
        this.registry = registry;
        this.launcher = launcher;
        this.session = session;
    }

    /** {@code GET /v1/capsules/{id}/processes/{selector}/stream}: closing the socket detaches only. */
    Mono<Void> attach(ApiCall call, HttpServerResponse response) {
        ProcessSelector selector = ProcessSelector.parse(call.selector());
        return session.open(call.request(), response, client -> attachFrames(client, call.capsuleId(), selector));
    }

    /** {@code GET /v1/capsules/{id}/exec/stream}: {@code stop} or closing the socket kills the process. */
    Mono<Void> execStream(ApiCall call, HttpServerResponse response) {
        return session.open(call.request(), response, client -> execFrames(client, call.capsuleId()));
    }

    private Flux<String> attachFrames(ClientMessages client, String capsuleId, ProcessSelector selector) {
        return Flux.defer(() -> {
                    HostProcess process = runningCapsule(capsuleId).processes().find(selector)
                            .orElseThrow(() -> ApiException.notFound(
                                    "failed to connect to process: not_found: " + selector.notFoundMessage()));
                    return Flux.using(process::attach, attachment -> relay(process, attachment), Attachment::detach);
                })
                .takeUntilOther(client.gone())
                .onErrorResume(ApiException.class, e -> Flux.just(Frames.error(e.getMessage())));
    }

    private Flux<String> execFrames(ClientMessages client, String capsuleId) {
        return Mono.fromCallable(() -> runningCapsule(capsuleId))
                .flatMapMany(capsule -> client.first().flatMapMany(message -> {
                    ProcessSpec spec = startSpec(message);
                    capsule.markActive();
                    return launcher.launch(capsule, spec, true).flatMapMany(launch ->
                            Flux.using(launch::attachment, attachment -> relay(launch.process(), attachment),
                                            Attachment::detach)
                                    // After stop the stream just ends: no exit, no error (as upstream).
                                    .takeUntilOther(client.stopRequested())
                                    .doFinally(signal -> killIfRunning(launch.process())));
                }))
                .onErrorResume(ApiException.class, e -> Flux.just(Frames.error(e.getMessage())));
    }

    private Capsule runningCapsule(String capsuleId) {
        Capsule capsule = registry.require(capsuleId);
        capsule.requireRunning();
        return capsule;
    }

    private static Flux<String> relay(HostProcess process, Attachment attachment) {
        return Flux.concat(Mono.just(Frames.start(process.pid())), attachment.events().map(Frames::of));
    }

    private static ProcessSpec startSpec(String message) {
        Wire.ClientMessage start;
        try {
            start = Json.read(message, Wire.ClientMessage.class);
        } catch (ApiException e) {
            throw ApiException.invalidRequest("invalid start message: not JSON");
        }
        if (!"start".equals(start.type())) {
            throw ApiException.invalidRequest("the first message must be of type start");
        }
        return ProcessSpec.of(start.cmd(), start.args(), start.tag(), start.envs(), start.cwd());
    }

    private static void killIfRunning(HostProcess process) {
        if (process.isAlive()) {
            Schedulers.boundedElastic().schedule(() -> process.signal(KillSignal.SIGKILL));
        }
    }
}
