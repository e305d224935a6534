package dev.wrenn.client.internal;

import dev.wrenn.client.Micrometer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * What a {@code WrennClient} runs on, assembled from its settings: the HTTP clients (connection pool, TLS,
 * wiretap, headers), the transports over them with their telemetry, and the calls the public facades make.
 * Owns only what it created: the REST pool, unless one was lent.
 */
public final class ClientCore {

    private final String baseUrl;
    private final @Nullable ConnectionProvider ownedProvider;
    private final ClientState state = new ClientState();
    private final CapsuleCalls capsules;
    private final ProcessCalls processes;
    private final TerminalCalls terminals;

    private ClientCore(ClientSettings settings, String baseUrl) {
        this.baseUrl = baseUrl;
        HttpClient rest;
        HttpClient streams;
        HttpClient lent = settings.httpClient();
        if (lent != null) {
            rest = configure(lent, settings, baseUrl);
            streams = rest;
            ownedProvider = null;
        } else {
            ConnectionProvider lentProvider = settings.connectionProvider();
            ownedProvider = lentProvider == null
                    ? ConnectionProvider.builder("wrenn-rest")
                        .maxConnections(settings.maxConnections())
                        .pendingAcquireMaxCount(-1)
                        .maxIdleTime(Duration.ofSeconds(30))
                        .build()
                    : null;
            rest = configure(HttpClient.create(lentProvider != null ? lentProvider : ownedProvider), settings, baseUrl);
            // A stream holds its connection for its whole life: it must not take a slot of the REST pool.
            streams = configure(HttpClient.create(ConnectionProvider.newConnection()), settings, baseUrl);
        }
        Micrometer micrometer = settings.micrometer();
        Telemetry telemetry = micrometer == null ? Telemetry.NONE : telemetry(micrometer);
        RestTransport restTransport = new RestTransport(rest, settings.retryPolicy(), settings.responseTimeout(),
                settings.maxResponseSize(), settings.apiKey(), state, telemetry);
        StreamTransport streamTransport = new StreamTransport(streams, settings.maxFrameSize(),
                settings.handshakeTimeout(), settings.idleTimeout(), settings.keepAliveInterval(), state, telemetry);
        this.capsules = new CapsuleCalls(restTransport);
        this.processes = new ProcessCalls(restTransport, streamTransport, telemetry);
        this.terminals = new TerminalCalls(streamTransport);
    }

    /**
     * Assembles a client's core. No connection is made.
     *
     * @throws IllegalArgumentException if the base URL breaks the rules of {@link BaseUrl}, or if an HttpClient
     *                                  was lent together with a pool or event loops
     */
    public static ClientCore assemble(ClientSettings settings) {
        if (settings.httpClient() != null && (settings.connectionProvider() != null || settings.loopResources() != null)) {
            throw new IllegalArgumentException("a lent httpClient already has its pool and event loops;"
                    + " do not lend a connectionProvider or loopResources with it");
        }
        return new ClientCore(settings, BaseUrl.normalise(settings.baseUrl(), settings.allowInsecureHttp()));
    }

    /** Micrometer's classes are touched only here, and only for the instruments that were asked for. */
    private static Telemetry telemetry(Micrometer micrometer) {
        Telemetry telemetry = Telemetry.NONE;
        if (micrometer.observationRegistry() != null) {
            telemetry = new ObservationTelemetry(micrometer.observationRegistry());
        }
        if (micrometer.meterRegistry() != null) {
            Telemetry meters = new MeterTelemetry(micrometer.meterRegistry());
            telemetry = telemetry == Telemetry.NONE ? meters : meters.and(telemetry);
        }
        return telemetry;
    }

    private static HttpClient configure(HttpClient http, ClientSettings settings, String baseUrl) {
        HttpClient c = http.baseUrl(baseUrl)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .headers(h -> h.set("X-API-Key", settings.apiKey())
                        .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.USER_AGENT, UserAgent.of(settings.applicationId())));
        Micrometer micrometer = settings.micrometer();
        if (settings.requestHeaders() != null || micrometer != null && micrometer.observationRegistry() != null) {
            RequestHeaders extraHeaders = new RequestHeaders(settings.requestHeaders());
            c = c.doOnRequest((request, connection) -> extraHeaders.addTo(request));
        }
        if (settings.loopResources() != null) {
            c = c.runOn(settings.loopResources());
        }
        SslContext ssl = settings.sslContext();
        if (ssl != null) {
            c = c.secure(spec -> spec.sslContext(ssl));
        }
        if (settings.wiretap()) {
            RedactingWiretap wiretap = new RedactingWiretap(settings.apiKey());
            c = c.doOnChannelInit((observer, channel, address) -> channel.pipeline().addFirst(RedactingWiretap.NAME, wiretap));
        }
        return c;
    }

    public CapsuleCalls capsules() {
        return capsules;
    }

    public ProcessCalls processes() {
        return processes;
    }

    public TerminalCalls terminals() {
        return terminals;
    }

    /** The base URL, normalised. */
    public String baseUrl() {
        return baseUrl;
    }

    public boolean isClosed() {
        return state.isClosed();
    }

    /** Refuses new calls from now on, and completes when the pool this core created is disposed. */
    public Mono<Void> closeLater() {
        return Mono.defer(() -> {
            state.close();
            return ownedProvider == null ? Mono.empty() : ownedProvider.disposeLater();
        });
    }
}
