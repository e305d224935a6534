package dev.wrenn.examples.snippets;

import dev.wrenn.client.Micrometer;
import dev.wrenn.client.RetryPolicy;
import dev.wrenn.client.WrennClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.time.Duration;
import javax.net.ssl.SSLException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/** The snippets of docs/configuration.md; compiled, never run. */
final class ConfigurationSnippets {

    private ConfigurationSnippets() {
    }

    static WrennClient everything() {
        // tag::all-options[]
        WrennClient client = WrennClient.builder()
                .baseUrl("https://app.wrenn.dev/api")          // default: WRENN_BASE_URL, else this
                .apiKey(System.getenv("WRENN_API_KEY"))         // default: WRENN_API_KEY
                .connectTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(30))
                .handshakeTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(90))            // null: never
                .keepAliveInterval(Duration.ofSeconds(30))      // null: no pings
                .maxFrameSize(256 * 1024)
                .maxResponseSize(32 * 1024 * 1024)
                .maxConnections(500)
                .retryPolicy(RetryPolicy.defaults())
                .wiretap(false)
                .allowInsecureHttp(false)
                .build();
        // end::all-options[]
        return client;
    }

    static WrennClient observed(MeterRegistry meters, ObservationRegistry observations) {
        // tag::observability[]
        WrennClient client = WrennClient.builder()
                .applicationId("billing/2.1")              // ends the User-Agent
                .requestHeaders(headers -> headers.set("X-Team", "billing")) // on every call and stream upgrade
                .instrument(Micrometer.meters(meters))     // wrenn.client.* meters; needs micrometer-core
                .instrument(Micrometer.observations(observations)) // traces continue into calls and streams
                .build();
        // end::observability[]
        return client;
    }

    static WrennClient retries() {
        // tag::retries[]
        WrennClient client = WrennClient.builder()
                .retryPolicy(RetryPolicy.backoff(5, Duration.ofMillis(200), Duration.ofSeconds(5))
                        .withKillRetries(true))
                .build();
        // end::retries[]
        return client;
    }

    static WrennClient lent(LoopResources loops, ConnectionProvider pool) {
        // tag::lent-resources[]
        WrennClient client = WrennClient.builder()
                .loopResources(loops)          // your event loops, e.g. shared with your web server
                .connectionProvider(pool)      // your REST connection pool
                .build();
        // closing the client leaves loops and pool alone: they are yours to dispose
        // end::lent-resources[]
        return client;
    }

    static WrennClient lentHttpClient() {
        // tag::lent-http-client[]
        HttpClient http = HttpClient.create(ConnectionProvider.builder("wrenn")
                .maxConnections(2_000)         // one per open stream, plus REST calls
                .build());
        WrennClient client = WrennClient.builder().httpClient(http).build();
        // end::lent-http-client[]
        return client;
    }

    static WrennClient privateCa() throws SSLException {
        // tag::tls[]
        SslContext tls = SslContextBuilder.forClient()
                .trustManager(new File("/etc/ssl/private-ca.pem"))
                .build();
        WrennClient client = WrennClient.builder()
                .baseUrl("https://wrenn.internal.example/api")
                .sslContext(tls)
                .build();
        // end::tls[]
        return client;
    }

    static WrennClient debugging() {
        // tag::debugging[]
        WrennClient client = WrennClient.builder()
                .wiretap(true)                 // DEBUG on logger dev.wrenn.client.wire, API key redacted
                .build();
        // end::debugging[]
        return client;
    }
}
