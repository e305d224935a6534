package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.testsupport.ExpectedNoise;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** The API key never leaks, and TLS is verified. */
class SecurityTest {

    @Test
    void wireLoggingNeverShowsTheApiKey() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (FaultServer server = FaultServer.start((req, res) -> req.requestHeaders().contains("Upgrade")
                ? res.sendWebsocket((in, out) -> FaultServer.send(out, "{\"type\":\"exit\",\"exit_code\":0}"))
                : res.header("Content-Type", "application/json").sendString(Mono.just("{\"processes\":[]}")))) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            WrennClient client = server.client(b -> b.wiretap(true));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).list()).verifyComplete();
            StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.pid(1)))
                    .expectNextCount(1).verifyComplete();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the wiretap logged the requests").contains("GET /api/v1/capsules/").contains("[redacted]");
        assertThat(log).doesNotContain(TestKeys.API_KEY).doesNotContain(TestKeys.API_KEY.substring(4));
    }

    @Test
    @ExpectedNoise(reason = "Reactor Netty's HttpClientConnect logs a WARN with a stack trace for a failed TLS handshake, which happens before any handler of the client's; the client still reports it as a ConnectionException")
    void selfSignedServerIsRefusedUnlessTrusted() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = getClass().getResourceAsStream("/self-signed.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SslContext serverSsl = SslContextBuilder.forServer(keys).build();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(serverSsl))
                .route(r -> r.get("/api/v1/capsules", (req, res) -> res.header("Content-Type", "application/json")
                        .sendString(Mono.just("[]"))))
                .bindNow();
        try {
            String base = "https://localhost:" + server.port() + "/api";
            WrennClient untrusting = WrennClient.builder().baseUrl(base).apiKey(TestKeys.API_KEY)
                    .retryPolicy(RetryPolicy.none()).build();
            StepVerifier.create(untrusting.capsules().list())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectionException.class)
                            .hasMessageNotContaining(TestKeys.API_KEY))
                    .verify(Duration.ofSeconds(10));

            SslContext trust;
            try (InputStream pem = getClass().getResourceAsStream("/self-signed.pem")) {
                trust = SslContextBuilder.forClient().trustManager(pem).build();
            }
            WrennClient trusting = WrennClient.builder().baseUrl(base).apiKey(TestKeys.API_KEY).sslContext(trust).build();
            StepVerifier.create(trusting.capsules().list()).verifyComplete();

            // Trusted certificate, wrong host name: still refused.
            WrennClient wrongHost = WrennClient.builder().baseUrl("https://127.0.0.2:" + server.port() + "/api")
                    .apiKey(TestKeys.API_KEY).sslContext(trust).retryPolicy(RetryPolicy.none()).build();
            StepVerifier.create(wrongHost.capsules().list()).expectError(ConnectionException.class).verify(Duration.ofSeconds(10));
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void theKeyIsInNoExceptionOrToString() {
        try (FaultServer server = FaultServer.start((req, res) -> res.status(HttpResponseStatus.UNAUTHORIZED)
                .sendString(Mono.just("{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad key\"}}")))) {
            WrennClient client = server.client();
            StepVerifier.create(client.capsules().list())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(AuthenticationException.class);
                        assertThat(e.toString()).doesNotContain(TestKeys.API_KEY);
                    })
                    .verify();
            assertThat(client.toString()).doesNotContain(TestKeys.API_KEY);
            assertThat(client.processes(TestKeys.CAPSULE).toString()).doesNotContain(TestKeys.API_KEY);
        }
    }

    @Test
    void aProxyPageEchoingTheRequestHeadersIsRedacted() {
        try (FaultServer server = FaultServer.start((req, res) -> res.status(HttpResponseStatus.BAD_GATEWAY)
                .header("Content-Type", "text/html")
                .sendString(Mono.just("<html><body><h1>502 Bad Gateway</h1><pre>X-API-Key: "
                        + req.requestHeaders().get("X-API-Key") + "\nUser-Agent: x</pre></body></html>")))) {
            StepVerifier.create(server.client().capsules().list())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(ServerException.class).hasMessageContaining("502 Bad Gateway")
                                .hasMessageContaining("X-API-Key: [redacted]");
                        assertNoKey(e, TestKeys.API_KEY);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerMessageRepeatingTheKeyIsRedacted() {
        try (FaultServer server = FaultServer.start((req, res) -> res.status(HttpResponseStatus.UNAUTHORIZED)
                .header("Content-Type", "application/json")
                .sendString(Mono.just("{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid API key "
                        + req.requestHeaders().get("X-API-Key") + " (also tried wrn_ffffffffffffffffffffffffffffffff)\"}}")))) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).list())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(AuthenticationException.class);
                        assertThat(((WrennException) e).serverMessage())
                                .isEqualTo("invalid API key [redacted] (also tried [redacted])");
                        assertNoKey(e, TestKeys.API_KEY);
                        assertNoKey(e, "wrn_ffffffffffffffffffffffffffffffff");
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aConfiguredKeyOfAnyFormIsRedactedExactly() {
        String key = "team-token-7Hq2ZxP0";
        try (FaultServer server = FaultServer.start((req, res) -> res.status(HttpResponseStatus.FORBIDDEN)
                .header("Content-Type", "application/json")
                .sendString(Mono.just("{\"error\":{\"code\":\"forbidden\",\"message\":\"key "
                        + req.requestHeaders().get("X-API-Key") + " is not allowed\"}}")))) {
            StepVerifier.create(server.client(b -> b.apiKey(key)).capsules().get(TestKeys.CAPSULE))
                    .expectErrorSatisfies(e -> {
                        assertThat(((WrennException) e).serverMessage()).isEqualTo("key [redacted] is not allowed");
                        assertNoKey(e, key);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void anErrorFrameNamingTheKeyIsRedacted() {
        try (FaultServer server = FaultServer.websocket((in, out, channel) -> FaultServer.send(out,
                        "{\"type\":\"error\",\"data\":\"authentication failed for " + TestKeys.API_KEY + "\"}")
                .then(FaultServer.dropConnection(channel)))) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).connect(ProcessSelector.tag("web")))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(AuthenticationException.class);
                        assertThat(((WrennException) e).serverMessage()).isEqualTo("authentication failed for [redacted]");
                        assertNoKey(e, TestKeys.API_KEY);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMalformedResponseQuotingTheKeyIsRedactedAlongItsCauses() {
        try (RawHttpServer server = RawHttpServer.answering("HTTP/1.1 " + TestKeys.API_KEY + "\r\n\r\n")) {
            StepVerifier.create(server.client(b -> b).capsules().list())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(WrennProtocolException.class).hasMessageContaining("[redacted]");
                        assertNoKey(e, TestKeys.API_KEY);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    /** Neither the message, the server's message, nor anything printed with the stack trace holds the key. */
    private static void assertNoKey(Throwable error, String key) {
        String hex = key.startsWith("wrn_") ? key.substring(4) : key;
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain(hex);
            if (t instanceof WrennException w && w.serverMessage() != null) {
                assertThat(w.serverMessage()).doesNotContain(hex);
            }
        }
        java.io.StringWriter trace = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(hex);
    }
}
