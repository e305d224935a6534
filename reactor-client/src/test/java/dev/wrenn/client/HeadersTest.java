package dev.wrenn.client;

import static dev.wrenn.client.FaultServer.dropConnection;
import static dev.wrenn.client.FaultServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * The User-Agent and the application's extra headers, as a server receives them on REST calls and upgrades; and
 * what an open stream keeps of its upgrade's headers: nothing.
 */
class HeadersTest {

    private static final String USER_AGENT =
            "wrenn-reactor-client/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java [^;()]+; [^;()]+ [^;()]+\\)";

    @Test
    void theUserAgentNamesTheClientVersionJavaAndSystem() {
        HttpHeaders received = restCall(b -> b);
        System.out.println("User-Agent: " + received.get("User-Agent"));
        assertThat(received.get("User-Agent")).matches(USER_AGENT);
    }

    @Test
    void theApplicationIdEndsTheUserAgentOfRestCallsAndStreams() {
        Function<WrennClient.Builder, WrennClient.Builder> named = b -> b.applicationId("billing/2.1");
        assertThat(restCall(named).get("User-Agent")).matches(USER_AGENT + " billing/2\\.1");
        assertThat(upgrade(named).get("User-Agent")).matches(USER_AGENT + " billing/2\\.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "my app", "caf\u00e9", "tab\there", "(comment)",
            "an-application-id-that-is-far-too-long-to-be-a-reasonable-product-name"})
    void anApplicationIdMustBeAShortToken(String id) {
        assertThatThrownBy(() -> WrennClient.builder().applicationId(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRequestHookAddsHeadersButNeitherSeesNorReplacesTheApiKey() {
        AtomicBoolean sawKey = new AtomicBoolean();
        Function<WrennClient.Builder, WrennClient.Builder> hooked = b -> b.requestHeaders(headers -> {
            sawKey.compareAndSet(false, headers.contains("X-API-Key"));
            headers.set("X-Request-Id", "req-7").set("X-API-Key", "wrn_stolen").set("User-Agent", "spoofed");
        });
        for (HttpHeaders received : new HttpHeaders[] {restCall(hooked), upgrade(hooked)}) {
            assertThat(received.get("X-Request-Id")).isEqualTo("req-7");
            assertThat(received.getAll("X-API-Key")).containsExactly(TestKeys.API_KEY);
            assertThat(received.get("User-Agent")).matches(USER_AGENT);
        }
        assertThat(sawKey).isFalse();
    }

    /** The headers would otherwise stay on the connection as long as the stream is open (see docs/benchmarks.md, B2). */
    @Test
    void anOpenStreamHoldsNoneOfItsUpgradesHeaders() {
        AtomicReference<HttpClientResponse> upgrade = new AtomicReference<>();
        HttpClient lent = HttpClient.create(ConnectionProvider.newConnection())
                .doOnResponse((response, connection) -> upgrade.set(response));
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                     send(out, "{\"type\":\"start\",\"pid\":42}").then(in.receive().then()));
             WrennClient client = server.client(b -> b.httpClient(lent))) {
            StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.pid(42)))
                    .expectNextMatches(ProcessEvent.Started.class::isInstance)
                    .then(() -> {
                        assertThat(upgrade.get()).isInstanceOf(HttpClientRequest.class);
                        assertThat(upgrade.get().responseHeaders()).isEmpty();
                        assertThat(((HttpClientRequest) upgrade.get()).requestHeaders()).isEmpty();
                    })
                    .thenCancel()
                    .verify(Duration.ofSeconds(10));
        }
    }

    private static HttpHeaders restCall(Function<WrennClient.Builder, WrennClient.Builder> configure) {
        try (FaultServer server = FaultServer.respond(200, "application/json", "[]");
             WrennClient client = server.client(configure)) {
            assertThat(client.capsules().list().collectList().block(Duration.ofSeconds(10))).isEmpty();
            return server.requestHeaders.get(0);
        }
    }

    private static HttpHeaders upgrade(Function<WrennClient.Builder, WrennClient.Builder> configure) {
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out,
                "{\"type\":\"start\",\"pid\":42}", "{\"type\":\"exit\",\"exit_code\":0}").then(dropConnection(ch)));
             WrennClient client = server.client(configure)) {
            StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.pid(42)))
                    .expectNextCount(2).verifyComplete();
            return server.requestHeaders.get(0);
        }
    }
}
