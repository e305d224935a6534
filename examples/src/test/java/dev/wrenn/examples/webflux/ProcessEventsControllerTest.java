package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Processes;
import dev.wrenn.client.WrennClient;
import dev.wrenn.examples.Gate;
import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** The app on a random port, with the emulator the starter runs for it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
class ProcessEventsControllerTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int port;
    @Autowired
    WrennClient client;

    WebTestClient web;
    String capsuleId;

    @BeforeEach
    void setUp() {
        web = WebTestClient.bindToServer().baseUrl(base())
                .responseTimeout(Duration.ofSeconds(20)).build();
        capsuleId = client.capsules().create(CapsuleSpec.defaults())
                .flatMap(created -> client.capsules().awaitRunning(created.id(), Duration.ofSeconds(10)))
                .map(Capsule::id)
                .block();
    }

    @Test
    void streamsStdoutStderrAndExitAsServerSentEvents() {
        // The process writes only once its gate is open, and the test opens it once the page's stream has
        // attached (its "start" event), since an attachment sees output from its start on.
        Processes processes = client.processes(capsuleId);
        Gate gate = Gate.forTag("job");
        processes.start(gate.guard("printf 'one\\ntwo\\n'; echo oops >&2; exit 3").withTag("job")).block();

        List<ServerSentEvent<String>> events = web.get().uri("/capsules/{id}/processes/{selector}/events", capsuleId, "job")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(SSE)
                .getResponseBody()
                .concatMap(event -> whenStarted(event, gate.open(processes)))
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(events.get(0).event()).isEqualTo("start");
        assertThat(joinedData(events, "stdout")).isEqualTo("one\ntwo\n");
        assertThat(joinedData(events, "stderr")).isEqualTo("oops\n");
        assertThat(events.get(events.size() - 1).event()).isEqualTo("exit");
        assertThat(events.get(events.size() - 1).data()).isEqualTo("3");
    }

    @Test
    void anUnknownProcessIsAnErrorEvent() {
        List<ServerSentEvent<String>> events = web.get().uri("/capsules/{id}/processes/{selector}/events", capsuleId, "nope")
                .exchange()
                .expectStatus().isOk()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(15));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo("error");
            assertThat(event.data()).contains("not found");
        });
    }

    @Test
    void anOutOfRangePidIsABadRequest() {
        web.get().uri("/capsules/{id}/processes/{selector}/events", capsuleId, "99999999999")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(message -> assertThat(message).contains("PID out of range"));
    }

    @Test
    void theDemoProcessStreamsToThePage() {
        web.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("new EventSource(url)"));

        DemoController.DemoProcess demo = web.post().uri("/demo/processes").exchange()
                .expectStatus().isOk()
                .expectBody(DemoController.DemoProcess.class).returnResult().getResponseBody();

        // As the page does: release the demo once attached, so its output is seen from the first line.
        Mono<Void> release = WebClient.create(base()).post()
                .uri("/demo/processes/{tag}/release", demo.selector())
                .retrieve().toBodilessEntity().then();
        List<ServerSentEvent<String>> firstTwo = web.get()
                .uri("/capsules/{id}/processes/{selector}/events", demo.capsuleId(), demo.selector())
                .exchange()
                .returnResult(SSE)
                .getResponseBody()
                .concatMap(event -> whenStarted(event, release))
                .take(2)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(firstTwo.get(0).event()).isEqualTo("start");
        assertThat(firstTwo.get(1).event()).isEqualTo("stdout");
        assertThat(firstTwo.get(1).data()).startsWith("tick 1\n");
    }

    @Test
    void onlyAWaitingDemoProcessCanBeReleased() {
        web.post().uri("/demo/processes/{tag}/release", "job").exchange().expectStatus().isNotFound();
    }

    /** {@code event}, after {@code action} if it is the stream's "start" event. */
    private static Mono<ServerSentEvent<String>> whenStarted(ServerSentEvent<String> event, Mono<Void> action) {
        return "start".equals(event.event()) ? action.thenReturn(event) : Mono.just(event);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String joinedData(List<ServerSentEvent<String>> events, String name) {
        return events.stream().filter(event -> name.equals(event.event())).map(ServerSentEvent::data)
                .collect(Collectors.joining());
    }
}
