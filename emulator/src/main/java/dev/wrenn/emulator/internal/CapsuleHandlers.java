package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;

/** {@code /v1/capsules} and the lifecycle routes of one capsule. */
final class CapsuleHandlers {

    private final CapsuleRegistry registry;

    CapsuleHandlers(CapsuleRegistry registry) {
        this.registry = registry;
    }

    /** The body must be JSON, {@code {}} at least, as upstream. */
    Mono<Reply> create(ApiCall call) {
        return call.body()
                .map(body -> Json.read(body, Wire.CreateCapsuleRequest.class))
                .flatMap(registry::create)
                .map(capsule -> Reply.json(HttpResponseStatus.CREATED, capsule.toJson()));
    }

    Mono<Reply> list(ApiCall call) {
        return Mono.fromSupplier(() -> Reply.json(HttpResponseStatus.OK,
                registry.list().stream().map(Capsule::toJson).toList()));
    }

    Mono<Reply> get(ApiCall call) {
        return Mono.fromSupplier(() -> capsuleReply(registry.requireResource(call.capsuleId())));
    }

    Mono<Reply> destroy(ApiCall call) {
        return registry.destroy(call.capsuleId()).thenReturn(Reply.noContent());
    }

    Mono<Reply> pause(ApiCall call) {
        return registry.pause(call.capsuleId()).map(CapsuleHandlers::capsuleReply);
    }

    Mono<Reply> resume(ApiCall call) {
        return Mono.fromSupplier(() -> {
            Capsule capsule = registry.requireResource(call.capsuleId());
            capsule.resume();
            return capsuleReply(capsule);
        });
    }

    Mono<Reply> ping(ApiCall call) {
        return Mono.fromSupplier(() -> {
            registry.requireResource(call.capsuleId()).ping();
            return Reply.noContent();
        });
    }

    private static Reply capsuleReply(Capsule capsule) {
        return Reply.json(HttpResponseStatus.OK, capsule.toJson());
    }
}
