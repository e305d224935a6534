package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /v1/capsules/{id}/processes} and {@code DELETE /v1/capsules/{id}/processes/{selector}}. */
final class ProcessHandlers {

    private final CapsuleRegistry registry;

    ProcessHandlers(CapsuleRegistry registry) {
        this.registry = registry;
    }

    Mono<Reply> list(ApiCall call) {
        return Mono.fromSupplier(() -> {
            Capsule capsule = registry.require(call.capsuleId());
            capsule.requireRunning();
            return Reply.json(HttpResponseStatus.OK, new Wire.ProcessListResponse(capsule.processes().running().stream()
                    .map(p -> new Wire.ProcessEntry(p.pid(), p.tag(), p.cmd(), p.args()))
                    .toList()));
        });
    }

    /** Answers once the signal is sent, without waiting for the process to end (as upstream). */
    Mono<Reply> kill(ApiCall call) {
        return Mono.fromCallable(() -> {
                    Capsule capsule = registry.require(call.capsuleId());
                    capsule.requireRunning();
                    ProcessSelector selector = ProcessSelector.parse(call.selector());
                    return capsule.processes().find(selector)
                            // The agent's error relayed with its code twice, as upstream does.
                            .orElseThrow(() -> ApiException.notFound(
                                    "not_found: kill process: not_found: " + selector.notFoundMessage()));
                })
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(process -> process.signal(KillSignal.fromQuery(call.query("signal"))))
                .thenReturn(Reply.noContent());
    }
}
