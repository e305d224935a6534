package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** {@code POST /v1/capsules/{id}/exec}: foreground (200) or background (202). */
final class ExecHandler {

    private static final int DEFAULT_TIMEOUT_SEC = 30;

    private final CapsuleRegistry registry;
    private final ProcessLauncher launcher;
    private final ForegroundExec foreground;

    ExecHandler(CapsuleRegistry registry, ProcessLauncher launcher) {
        this.registry = registry;
        this.launcher = launcher;
        this.foreground = new ForegroundExec(launcher);
    }

    Mono<Reply> exec(ApiCall call) {
        return call.body().flatMap(body -> {
            Capsule capsule = registry.require(call.capsuleId());
            capsule.requireRunning();
            Wire.ExecRequest request = Json.read(body, Wire.ExecRequest.class);
            boolean background = Boolean.TRUE.equals(request.background());
            // As upstream: tag, envs and cwd apply to background processes only.
            ProcessSpec spec = background
                    ? ProcessSpec.of(request.cmd(), request.args(), tagOrDefault(request.tag()), request.envs(), request.cwd())
                    : ProcessSpec.of(request.cmd(), request.args(), null, null, null);
            capsule.markActive();
            return background ? startBackground(capsule, spec) : runForeground(capsule, spec, request.timeoutSec());
        });
    }

    private Mono<Reply> startBackground(Capsule capsule, ProcessSpec spec) {
        return launcher.launch(capsule, spec, false).map(launch -> Reply.json(HttpResponseStatus.ACCEPTED,
                new Wire.BackgroundExecResponse(capsule.id(), spec.cmd(), launch.process().pid(), spec.tag())));
    }

    private Mono<Reply> runForeground(Capsule capsule, ProcessSpec spec, Integer timeoutSec) {
        int seconds = timeoutSec == null || timeoutSec <= 0 ? DEFAULT_TIMEOUT_SEC : timeoutSec;
        return foreground.run(capsule, spec, Duration.ofSeconds(seconds))
                .map(response -> Reply.json(HttpResponseStatus.OK, response));
    }

    private static String tagOrDefault(String tag) {
        return tag == null || tag.isEmpty() ? Ids.newProcessTag() : tag;
    }
}
