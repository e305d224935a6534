package dev.wrenn.client;

import static dev.wrenn.client.FaultServer.dropConnection;
import static dev.wrenn.client.FaultServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** How a process stream ended, as its termination counter tells it, for ends a test server can script. */
class StreamTerminationMetricsTest {

    private static final String START = "{\"type\":\"start\",\"pid\":42}";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "interrupted, cut",
            "error-frame, error",
            "limit, deadline",
            "timeout, silence",
            "protocol, garbage",
    })
    void aStreamsEndIsCountedByItsCause(String cause, String ending) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FaultServer server = FaultServer.websocketIgnoringPings((in, out, ch) -> switch (ending) {
                case "cut" -> send(out, START).then(dropConnection(ch));
                case "error" -> send(out, START, "{\"type\":\"error\",\"data\":\"exec failed\"}").then(Mono.never());
                case "deadline" -> send(out, START, "{\"type\":\"error\",\"data\":\"context deadline exceeded\"}")
                        .then(Mono.never());
                case "garbage" -> send(out, START, "not json").then(Mono.never());
                default -> send(out, START).then(Mono.never());
            });
             WrennClient client = server.client(b -> b.instrument(Micrometer.meters(registry))
                     .idleTimeout(Duration.ofMillis(300)).keepAliveInterval(null))) {
            StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.tag("web")))
                    .expectNextMatches(ProcessEvent.Started.class::isInstance)
                    .expectError(WrennException.class)
                    .verify(Duration.ofSeconds(10));

            assertThat(registry.get("wrenn.client.streams.terminations")
                    .tags("kind", "connect", "cause", cause).counter().count()).isEqualTo(1);
            assertThat(registry.find("wrenn.client.streams.terminations").counters()).hasSize(1);
            assertThat(registry.get("wrenn.client.streams.events").tag("kind", "connect").counter().count())
                    .isEqualTo(1);
        }
    }
}
