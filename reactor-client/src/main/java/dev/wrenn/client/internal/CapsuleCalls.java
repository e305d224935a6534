package dev.wrenn.client.internal;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.internal.RestTransport.Idempotency;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The capsule lifecycle endpoints. */
public final class CapsuleCalls {

    private final RestTransport rest;

    CapsuleCalls(RestTransport rest) {
        this.rest = rest;
    }

    public Mono<Capsule> create(CapsuleSpec spec) {
        return capsule(HttpMethod.POST, Endpoints.capsules(), Json.CreateCapsuleRequest.of(spec), Idempotency.UNSAFE,
                "create capsule");
    }

    public Mono<Capsule> get(String capsuleId) {
        return capsule(HttpMethod.GET, Endpoints.capsule(capsuleId), null, Idempotency.SAFE, "get " + capsuleId);
    }

    public Flux<Capsule> list() {
        String operation = "list capsules";
        return rest.call(HttpMethod.GET, Endpoints.capsules(), null, Idempotency.SAFE, Duration.ZERO,
                        body -> Json.read(body, Json.CAPSULES, operation))
                .flatMapIterable(capsules -> capsules);
    }

    public Mono<Void> destroy(String capsuleId) {
        return rest.call(HttpMethod.DELETE, Endpoints.capsule(capsuleId), null, Idempotency.UNSAFE, Duration.ZERO,
                body -> Boolean.TRUE).then();
    }

    public Mono<Capsule> pause(String capsuleId) {
        return capsule(HttpMethod.POST, Endpoints.pause(capsuleId), null, Idempotency.UNSAFE,
                "pause " + capsuleId);
    }

    public Mono<Capsule> resume(String capsuleId) {
        return capsule(HttpMethod.POST, Endpoints.resume(capsuleId), null, Idempotency.UNSAFE,
                "resume " + capsuleId);
    }

    public Mono<Void> ping(String capsuleId) {
        return rest.call(HttpMethod.POST, Endpoints.ping(capsuleId), null, Idempotency.SAFE,
                Duration.ZERO, body -> Boolean.TRUE).then();
    }

    private Mono<Capsule> capsule(HttpMethod method, Endpoints.Endpoint endpoint, Json.@Nullable Body body,
                                  Idempotency idempotency, String operation) {
        return rest.call(method, endpoint, body, idempotency, Duration.ZERO,
                bytes -> Json.read(bytes, Json.CAPSULE, operation));
    }
}
