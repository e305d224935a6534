package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Failing to reach the service at all, and what the builder refuses. */
class ConnectivityTest {

    @Test
    void connectionRefusedIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        WrennClient client = WrennClient.builder().baseUrl("http://127.0.0.1:" + port + "/api")
                .apiKey(TestKeys.API_KEY).retryPolicy(RetryPolicy.none()).build();
        StepVerifier.create(client.capsules().list())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ConnectionException.class)
                        .hasMessageContaining("could not connect"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.tag("web")))
                .expectError(ConnectionException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void unresolvableHostIsAConnectionError() {
        WrennClient client = WrennClient.builder().baseUrl("https://no-such-host.invalid/api")
                .apiKey(TestKeys.API_KEY).retryPolicy(RetryPolicy.none()).build();
        StepVerifier.create(client.capsules().list())
                .expectError(ConnectionException.class)
                .verify(Duration.ofSeconds(20));
        StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.tag("web")))
                .expectError(ConnectionException.class)
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void builderRefusesAMissingKeyAndClearTextToRemoteHosts() {
        if (System.getenv(WrennClient.API_KEY_ENV) == null) {
            assertThatThrownBy(() -> WrennClient.builder().baseUrl("http://127.0.0.1:1/api").build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(WrennClient.API_KEY_ENV);
        }
        assertThatThrownBy(() -> WrennClient.builder().apiKey(TestKeys.API_KEY).baseUrl("http://example.com/api").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clear text")
                .hasMessageNotContaining(TestKeys.API_KEY);
        assertThat(WrennClient.builder().apiKey(TestKeys.API_KEY).baseUrl("http://example.com/api")
                .allowInsecureHttp(true).build().baseUrl()).isEqualTo("http://example.com/api");
        assertThat(WrennClient.builder().apiKey(TestKeys.API_KEY).baseUrl("http://[::1]:8080/api/").build().baseUrl())
                .isEqualTo("http://[::1]:8080/api");
        assertThatThrownBy(() -> WrennClient.builder().apiKey(TestKeys.API_KEY).baseUrl("ftp://x/api").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsToTheHostedServiceOverHttps() {
        WrennClient client = WrennClient.builder().apiKey(TestKeys.API_KEY).build();
        String expected = System.getenv(WrennClient.BASE_URL_ENV) == null ? WrennClient.DEFAULT_BASE_URL
                : System.getenv(WrennClient.BASE_URL_ENV);
        assertThat(client.baseUrl()).isEqualTo(expected);
        assertThat(client.toString()).doesNotContain(TestKeys.API_KEY);
    }

    @Test
    void callsAfterCloseFailClearly() {
        WrennClient client = WrennClient.builder().apiKey(TestKeys.API_KEY).baseUrl("http://127.0.0.1:1/api").build();
        StepVerifier.create(client.closeLater()).verifyComplete();
        StepVerifier.create(client.capsules().list()).expectError(IllegalStateException.class).verify();
        StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.pid(1)))
                .expectError(IllegalStateException.class).verify();
        assertThat(client.toString()).contains("closed");
    }

    @Test
    void closingReleasesWhatTheClientMadeAndNothingItWasLent() {
        reactor.netty.resources.ConnectionProvider pool = reactor.netty.resources.ConnectionProvider.create("lent", 4);
        reactor.netty.resources.LoopResources loops = reactor.netty.resources.LoopResources.create("lent", 1, true);
        try (FaultServer server = FaultServer.respond(200, "application/json", "[]")) {
            WrennClient client = server.client(b -> b.connectionProvider(pool).loopResources(loops));
            StepVerifier.create(client.capsules().list()).verifyComplete();
            StepVerifier.create(client.closeLater()).verifyComplete();
            assertThat(pool.isDisposed()).isFalse();
            assertThat(loops.isDisposed()).isFalse();
            // Still usable by their owner.
            WrennClient other = server.client(b -> b.connectionProvider(pool).loopResources(loops));
            StepVerifier.create(other.capsules().list()).verifyComplete();
        } finally {
            pool.disposeLater().then(loops.disposeLater()).block(Duration.ofSeconds(10));
        }
    }
}
