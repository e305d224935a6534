package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Capsules as the service's JSON describes them, and the lifecycle routes' errors, against a scripted server. */
class CapsuleWireTest {

    private static final String ID = TestKeys.CAPSULE;

    private static String capsule(String status, String extra) {
        return "{\"id\":\"" + ID + "\",\"status\":\"" + status + "\",\"template\":\"minimal\",\"vcpus\":1,"
                + "\"memory_mb\":512,\"timeout_sec\":0,\"created_at\":\"2026-11-29T02:00:00Z\","
                + "\"last_updated\":\"2026-11-29T02:00:01Z\"" + extra + "}";
    }

    @Test
    void everyFieldIsReadAndAbsentTimesAreNull() {
        String body = capsule("running", ",\"guest_ip\":\"10.11.0.2\",\"host_ip\":\"192.168.1.7\","
                + "\"metadata\":{\"team\":\"ml\",\"owner\":\"ana\"},\"started_at\":\"2026-11-29T02:00:01Z\","
                + "\"a_field_from_the_future\":[1,2]");
        try (FaultServer server = FaultServer.respond(200, "application/json", body)) {
            StepVerifier.create(server.client().capsules().get(ID))
                    .expectNext(new Capsule(ID, CapsuleStatus.RUNNING, "minimal", 1, 512, Duration.ZERO, "10.11.0.2",
                            "192.168.1.7", Map.of("team", "ml", "owner", "ana"), Instant.parse("2026-11-29T02:00:00Z"),
                            Instant.parse("2026-11-29T02:00:01Z"), null, Instant.parse("2026-11-29T02:00:01Z")))
                    .verifyComplete();
        }
        try (FaultServer server = FaultServer.respond(200, "application/json", capsule("pending", ""))) {
            StepVerifier.create(server.client().capsules().get(ID))
                    .assertNext(c -> {
                        assertThat(c.startedAt()).isNull();
                        assertThat(c.lastActiveAt()).isNull();
                        assertThat(c.guestIp()).isNull();
                        assertThat(c.hostIp()).isNull();
                        assertThat(c.metadata()).isEmpty();
                    })
                    .verifyComplete();
        }
    }

    @Test
    void missingAndUnknownStatusesAreRead() {
        String list = "[" + capsule("missing", "") + "," + capsule("rebooting", "") + "," + capsule("hibernated", "") + "]";
        try (FaultServer server = FaultServer.respond(200, "application/json", list)) {
            StepVerifier.create(server.client().capsules().list().map(Capsule::status))
                    .expectNext(CapsuleStatus.MISSING, CapsuleStatus.UNKNOWN, CapsuleStatus.HIBERNATED)
                    .verifyComplete();
        }
    }

    @Test
    void awaitingACapsuleThatAlreadyRunsAsksOnce() {
        try (FaultServer server = FaultServer.respond(200, "application/json", capsule("running", ""))) {
            StepVerifier.create(server.client().capsules().awaitRunning(ID, Duration.ofSeconds(30)))
                    .assertNext(c -> assertThat(c.status()).isEqualTo(CapsuleStatus.RUNNING))
                    .verifyComplete();
            assertThat(server.requestLines).hasSize(1);
        }
    }

    @Test
    void awaitingACapsuleThatWillNotRunFailsAtOnce() {
        for (String status : List.of("stopped", "error", "missing")) {
            try (FaultServer server = FaultServer.respond(200, "application/json", capsule(status, ""))) {
                StepVerifier.create(server.client().capsules().awaitRunning(ID, Duration.ofMinutes(5)))
                        .expectErrorSatisfies(e -> assertThat(e).as(status).isInstanceOf(InvalidStateException.class)
                                .hasMessageContaining("will not run").hasMessageContaining(status.toUpperCase()))
                        .verify(Duration.ofSeconds(30));
                assertThat(server.requestLines).as(status).hasSize(1);
            }
        }
    }

    @Test
    void lifecycleRouteTextsMapToTheTypedErrorsOfTheProcessRoutes() {
        assertLifecycleError(404, "not_found", "resource not found", NotFoundException.class);
        assertLifecycleError(409, "invalid_state", "resource is not running", InvalidStateException.class);
        assertLifecycleError(409, "invalid_state", "resource is not paused", InvalidStateException.class);
    }

    private static void assertLifecycleError(int status, String code, String text, Class<? extends WrennException> type) {
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + text + "\"}}";
        List<Function<Capsules, Mono<?>>> calls = List.of(c -> c.get(ID), c -> c.destroy(ID), c -> c.pause(ID),
                c -> c.resume(ID), c -> c.ping(ID));
        try (FaultServer server = FaultServer.respond(status, "application/json", body)) {
            for (Function<Capsules, Mono<?>> call : calls) {
                StepVerifier.create(call.apply(server.client().capsules()))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isExactlyInstanceOf(type);
                            assertThat(((WrennException) e).serverMessage()).isEqualTo(text);
                            assertThat(((WrennException) e).errorCode()).isEqualTo(code);
                        })
                        .verify(Duration.ofSeconds(10));
            }
        }
    }
}
