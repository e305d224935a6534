package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;

/** {@code /v1/capsules} and the lifecycle routes of one capsule. */
final class CapsuleHandlers {

    private static final Wire.CreateCapsuleRequest ALL_DEFAULTS = new Wire.CreateCapsuleRequest(null, null, null, null);

    private final CapsuleRegistry registry;

    CapsuleHandlers(CapsuleRegistry registry) {
        this.registry = registry;
    }

    /** The body is optional: none, or {@code {}}, means all defaults. */
    Mono<Reply> create(ApiCall call) {
        return call.body()
                .map(body -> new String(body, StandardCharsets.UTF_8).isBlank()
                        ? ALL_DEFAULTS : Json.read(body, Wire.CreateCapsuleRequest.class))
                .flatMap(registry::create)
                .map(capsule -> Reply.json(HttpResponseStatus.CREATED, capsule.toJson()));
    }

    Mono<Reply> list(ApiCall call) {
        return Mono.fromSupplier(() -> Reply.json(HttpResponseStatus.OK,
                registry.list().stream().map(Capsule::toJson).toList()));
    }

    Mono<Reply> get(ApiCall call) {
        return Mono.fromSupplier(() -> Reply.json(HttpResponseStatus.OK, registry.require(call.capsuleId()).toJson()));
    }

    Mono<Reply> destroy(ApiCall call) {
        return registry.destroy(call.capsuleId()).thenReturn(Reply.noContent());
    }

    Mono<Reply> pause(ApiCall call) {
        return Mono.fromSupplier(() -> {
            Capsule capsule = registry.require(call.capsuleId());
            capsule.pause();
            return Reply.json(HttpResponseStatus.OK, capsule.toJson());
        });
    }

    Mono<Reply> resume(ApiCall call) {
        return Mono.fromSupplier(() -> {
            Capsule capsule = registry.require(call.capsuleId());
            capsule.resume();
            return Reply.json(HttpResponseStatus.OK, capsule.toJson());
        });
    }

    Mono<Reply> ping(ApiCall call) {
        return Mono.fromSupplier(() -> {
            registry.require(call.capsuleId()).markActive();
            return Reply.noContent();
        });
    }
}
