package dev.wrenn.spring.boot.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.spring.boot.RecordingServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With Spring Boot's tracing (Brave, W3C), a trace started by a WebFlux request continues into the client's call. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.tracing.sampling.probability=1.0")
@AutoConfigureTracing
class TracedApplicationTest {

    static final RecordingServer wrenn = new RecordingServer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void wrenn(DynamicPropertyRegistry registry) {
        registry.add("wrenn.base-url", wrenn::baseUrl);
        registry.add("wrenn.api-key", () -> "wrn_0123456789abcdef0123456789abcdef");
    }

    @AfterAll
    static void stopWrenn() {
        wrenn.close();
    }

    @Test
    void theTraceOfAWebFluxRequestContinuesIntoTheClientsRequest() {
        String handlerTraceId = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/traced").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody().blockFirst(Duration.ofSeconds(30));

        String traceparent = wrenn.requestHeaders.get(0).get("traceparent");
        System.out.println("trace ID seen in the WebFlux handler: " + handlerTraceId);
        System.out.println("traceparent the client sent:          " + traceparent);
        assertThat(handlerTraceId).matches("[0-9a-f]{32}");
        assertThat(traceparent).matches("00-" + handlerTraceId + "-[0-9a-f]{16}-01");
    }
}
