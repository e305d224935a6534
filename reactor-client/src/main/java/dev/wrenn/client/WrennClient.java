package dev.wrenn.client;

import dev.wrenn.client.internal.CapsuleCalls;
import dev.wrenn.client.internal.ClientState;
import dev.wrenn.client.internal.ProcessCalls;
import dev.wrenn.client.internal.MeterTelemetry;
import dev.wrenn.client.internal.ObservationTelemetry;
import dev.wrenn.client.internal.RedactingWiretap;
import dev.wrenn.client.internal.RequestHeaders;
import dev.wrenn.client.internal.RestTransport;
import dev.wrenn.client.internal.StreamTransport;
import dev.wrenn.client.internal.Telemetry;
import dev.wrenn.client.internal.TerminalCalls;
import dev.wrenn.client.internal.UserAgent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The entry point: a non-blocking client for one Wrenn account, made by {@link #builder()}.
 *
 * <pre>{@code
 * WrennClient client = WrennClient.builder().build();       // WRENN_API_KEY and WRENN_BASE_URL from the environment
 * Processes processes = client.processes("cl-...");
 * processes.connect(ProcessSelector.tag("web"))
 *          .ofType(ProcessEvent.Stdout.class)
 *          .subscribe(out -> log.info(out.data()));
 * }</pre>
 *
 * <p>Immutable and thread-safe: create one per application and share it. It runs on Reactor Netty's event
 * loops without a thread per call or per stream; REST calls share a connection pool, and each process stream
 * has a connection of its own, so one client holds thousands of streams. Every operation returns a cold
 * {@code Mono} or {@code Flux}. {@link #close()} releases the resources the client created, never those it was lent.
 */
public final class WrennClient implements AutoCloseable {

    /** The hosted service. */
    public static final String DEFAULT_BASE_URL = "https://app.wrenn.dev/api";
    /** Environment variable read for the API key when none is given. */
    public static final String API_KEY_ENV = "WRENN_API_KEY";
    /** Environment variable read for the base URL when none is given. */
    public static final String BASE_URL_ENV = "WRENN_BASE_URL";

    private final String baseUrl;
    private final ConnectionProvider ownedProvider;
    private final ClientState state = new ClientState();
    private final Capsules capsules;
    private final ProcessCalls processCalls;
    private final TerminalCalls terminalCalls;

    private WrennClient(Builder b, String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        Function<HttpClient, HttpClient> configure = http -> configure(http, b, baseUrl, apiKey);
        HttpClient rest;
        HttpClient streams;
        if (b.httpClient != null) {
            rest = configure.apply(b.httpClient);
            streams = rest;
            ownedProvider = null;
        } else {
            ownedProvider = b.connectionProvider == null
                    ? ConnectionProvider.builder("wrenn-rest")
                        .maxConnections(b.maxConnections)
                        .pendingAcquireMaxCount(-1)
                        .maxIdleTime(Duration.ofSeconds(30))
                        .build()
                    : null;
            rest = configure.apply(HttpClient.create(b.connectionProvider != null ? b.connectionProvider : ownedProvider));
            // A stream holds its connection for its whole life: it must not take a slot of the REST pool.
            streams = configure.apply(HttpClient.create(ConnectionProvider.newConnection()));
        }
        Telemetry telemetry = telemetry(b);
        RestTransport restTransport = new RestTransport(rest, b.retryPolicy, b.responseTimeout, b.maxResponseSize, apiKey,
                state, telemetry);
        StreamTransport streamTransport = new StreamTransport(streams, b.maxFrameSize, b.handshakeTimeout,
                b.idleTimeout, b.keepAliveInterval, state, telemetry);
        this.capsules = new Capsules(new CapsuleCalls(restTransport));
        this.processCalls = new ProcessCalls(restTransport, streamTransport, telemetry);
        this.terminalCalls = new TerminalCalls(streamTransport);
    }

    /** Micrometer's classes are touched only here, and only for the options that were used. */
    private static Telemetry telemetry(Builder b) {
        Telemetry telemetry = Telemetry.NONE;
        if (b.observationRegistry != null) {
            telemetry = new ObservationTelemetry(b.observationRegistry);
        }
        if (b.meterRegistry != null) {
            Telemetry meters = new MeterTelemetry(b.meterRegistry);
            telemetry = telemetry == Telemetry.NONE ? meters : meters.and(telemetry);
        }
        return telemetry;
    }

    private static HttpClient configure(HttpClient http, Builder b, String baseUrl, String apiKey) {
        HttpClient c = http.baseUrl(baseUrl)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, b.connectTimeout.toMillis()))
                .headers(h -> h.set("X-API-Key", apiKey)
                        .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.USER_AGENT, UserAgent.of(b.applicationId)));
        if (b.requestHeaders != null || b.observationRegistry != null) {
            RequestHeaders extraHeaders = new RequestHeaders(b.requestHeaders);
            c = c.doOnRequest((request, connection) -> extraHeaders.addTo(request));
        }
        if (b.loopResources != null) {
            c = c.runOn(b.loopResources);
        }
        if (b.sslContext != null) {
            SslContext ssl = b.sslContext;
            c = c.secure(spec -> spec.sslContext(ssl));
        }
        if (b.wiretap) {
            RedactingWiretap wiretap = new RedactingWiretap(apiKey);
            c = c.doOnChannelInit((observer, channel, address) -> channel.pipeline().addFirst(RedactingWiretap.NAME, wiretap));
        }
        return c;
    }

    /** A new builder, with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Capsule lifecycle operations. */
    public Capsules capsules() {
        return capsules;
    }

    /**
     * The processes of one capsule.
     *
     * @throws IllegalArgumentException if {@code capsuleId} is null, blank, or holds control characters
     */
    public Processes processes(String capsuleId) {
        return new Processes(capsuleId, processCalls);
    }

    /**
     * The interactive terminals of one capsule.
     *
     * @throws IllegalArgumentException if {@code capsuleId} is null, blank, or holds control characters
     */
    public Terminals terminals(String capsuleId) {
        return new Terminals(capsuleId, terminalCalls);
    }

    /** The base URL this client talks to. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Closes the client without blocking: calls made afterwards fail with {@link IllegalStateException}, and the
     * connection pool the client created is disposed in the background (see {@link #closeLater()} to wait for
     * it). Open process streams are not cut; cancel them to close them. Lent resources are left alone. Idempotent.
     */
    @Override
    public void close() {
        closeLater().subscribe(null, error -> { });
    }

    /** Closes the client as {@link #close()} does, and completes when the resources it created are released. */
    public Mono<Void> closeLater() {
        return Mono.defer(() -> {
            state.close();
            return ownedProvider == null ? Mono.empty() : ownedProvider.disposeLater();
        });
    }

    /** Names the base URL only; the API key appears in no string this client makes. */
    @Override
    public String toString() {
        return "WrennClient[" + baseUrl + (state.isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Configures a {@link WrennClient}. Not thread-safe; each {@code build()} makes an independent client.
     * Every option has a default, listed with its setter.
     */
    public static final class Builder {

        private String baseUrl;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(90);
        private Duration keepAliveInterval = Duration.ofSeconds(30);
        private int maxFrameSize = 256 * 1024;
        private int maxResponseSize = 32 * 1024 * 1024;
        private int maxConnections = 500;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private HttpClient httpClient;
        private ConnectionProvider connectionProvider;
        private LoopResources loopResources;
        private SslContext sslContext;
        private boolean wiretap;
        private boolean allowInsecureHttp;
        private String applicationId;
        private Consumer<HttpHeaders> requestHeaders;
        private MeterRegistry meterRegistry;
        private ObservationRegistry observationRegistry;

        private Builder() {
        }

        /**
         * The service's base URL, to which paths such as {@code /v1/capsules} are appended. Default: the
         * {@code WRENN_BASE_URL} environment variable, else {@value WrennClient#DEFAULT_BASE_URL}.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The API key ({@code wrn_...}). Default: the {@code WRENN_API_KEY} environment variable. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /** How long a TCP connection may take to open. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long a REST call may wait for its whole response, from the moment it is sent (its connection
         * included) to the last byte of the body; a call that takes longer fails with
         * {@link WrennTimeoutException}, however steadily the response trickles in. The deadline applies to
         * each attempt, and a timed-out attempt is not retried. Foreground exec waits its own time limit on
         * top. Default 30 s.
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout, "responseTimeout");
            return this;
        }

        /**
         * How long the WebSocket upgrade of a process stream may take; also how long an
         * {@link Processes#execStream(Command, OnCancel) exec/stream} cancelled before {@code start} reads on to
         * learn the PID it must kill. Default 10 s.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * Fail a process stream with {@link WrennTimeoutException} when no frame (output or keepalive pong)
         * arrives for this long while its subscriber is waiting for events; time during which the subscriber
         * requests nothing does not count. {@code null} disables it. Default 90 s, which with the default
         * keepalive keeps quiet processes attached and detects a dead peer or half-open connection.
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout == null ? null : positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Send a WebSocket ping on every process stream this often, so that proxies keep quiet streams open and
         * the idle timeout can tell a quiet process from a dead peer. {@code null} disables it. Default 30 s.
         */
        public Builder keepAliveInterval(Duration interval) {
            this.keepAliveInterval = interval == null ? null : positive(interval, "keepAliveInterval");
            return this;
        }

        /**
         * The largest stream frame accepted, after fragments are reassembled; a larger one fails the stream
         * with {@link WrennProtocolException}. Default 256 KiB: the service sends output in chunks of at most 32 KiB,
         * which JSON escaping can grow up to six-fold.
         */
        public Builder maxFrameSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes");
            }
            this.maxFrameSize = bytes;
            return this;
        }

        /** The largest REST response body accepted (foreground exec output travels in it). Default 32 MiB. */
        public Builder maxResponseSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseSize must be at least 1024 bytes");
            }
            this.maxResponseSize = bytes;
            return this;
        }

        /** The most pooled REST connections, when the client makes its own pool. Default 500. */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = connections;
            return this;
        }

        /** When REST calls are retried. Default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Uses this {@link HttpClient}, with its connection pool, event loops and settings, for every call and
         * stream, instead of making its own. Lent: closing the client leaves it alone. Its pool must allow as
         * many connections as you open streams, since each stream holds one; and it should have no response
         * timeout of its own, which would cut quiet streams. Excludes {@link #connectionProvider} and
         * {@link #loopResources}.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Uses this pool for REST calls instead of making one. Lent: closing the client leaves it alone. */
        public Builder connectionProvider(ConnectionProvider provider) {
            this.connectionProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Runs on these event loops instead of Reactor Netty's shared ones. Lent: closing the client leaves them alone. */
        public Builder loopResources(LoopResources loops) {
            this.loopResources = Objects.requireNonNull(loops, "loops");
            return this;
        }

        /**
         * TLS settings, for example to trust a private certificate authority. By default certificates and host
         * names are verified against the JVM's trust store.
         */
        public Builder sslContext(SslContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * Logs all traffic, as text, at DEBUG on the logger {@code dev.wrenn.client.wire}, with the API key
         * redacted. Default off.
         */
        public Builder wiretap(boolean enabled) {
            this.wiretap = enabled;
            return this;
        }

        /**
         * Allows a plain {@code http://} base URL whose host is not a loopback address. Off by default, because
         * the API key would then cross the network in clear text; loopback addresses (a local emulator) are
         * always allowed.
         */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /**
         * Names the application at the end of the {@code User-Agent} the client sends, which otherwise reads
         * {@code wrenn-reactor-client/<version> (Java <version>; <os> <arch>)}. One HTTP token of at most 64
         * characters: letters, digits and {@code !#$%&'*+-.^_`|~}, with {@code /} allowed for a version
         * ({@code billing/2.1}). Default none.
         *
         * @throws IllegalArgumentException if the ID is empty, too long, or holds another character
         */
        public Builder applicationId(String applicationId) {
            this.applicationId = UserAgent.checkApplicationId(applicationId);
            return this;
        }

        /**
         * Adds headers to every request, REST call and stream upgrade alike: the hook is called for each, just
         * before it is sent, on the connection's event loop (so it must not block), with an empty set of headers
         * to fill. The headers the client owns are dropped from what it writes: {@code X-API-Key},
         * {@code User-Agent} (see {@link #applicationId}), {@code Host}, {@code Content-Length},
         * {@code Content-Type}, {@code Transfer-Encoding}, {@code Connection}, {@code Upgrade} and
         * {@code Sec-WebSocket-*}; it never sees the request's own. Default none.
         */
        public Builder requestHeaders(Consumer<HttpHeaders> hook) {
            this.requestHeaders = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Records Micrometer meters in this registry: REST call timers, open streams, events and bytes
         * received, stream terminations by cause and re-attachments, tagged with route templates, never IDs
         * (see docs/spring.md for the names and tags). Needs {@code micrometer-core} on the class path, which
         * the client does not bring; without this option no Micrometer class is loaded. Default none.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Makes a Micrometer observation of every REST call ({@code wrenn.client.call}) and process stream
         * ({@code wrenn.client.stream}), the child of the observation found in the subscriber's Reactor context
         * (under {@code ObservationThreadLocalAccessor.KEY}, where Spring WebFlux puts a request's), so that a
         * trace continues into them; with a tracer, the request carries its {@code traceparent}. Needs
         * {@code micrometer-observation} on the class path. Default none.
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the client. No connection is made until a call is subscribed.
         *
         * @throws IllegalStateException    if no API key was given and {@code WRENN_API_KEY} is not set
         * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL, or is plain http to a
         *                                  host that is not loopback without {@link #allowInsecureHttp(boolean)},
         *                                  or if an HttpClient was lent together with a pool or event loops
         */
        public WrennClient build() {
            String key = apiKey != null ? apiKey : System.getenv(API_KEY_ENV);
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("no Wrenn API key: call apiKey(..) or set " + API_KEY_ENV);
            }
            if (httpClient != null && (connectionProvider != null || loopResources != null)) {
                throw new IllegalArgumentException("a lent httpClient already has its pool and event loops;"
                        + " do not lend a connectionProvider or loopResources with it");
            }
            String url = baseUrl != null ? baseUrl : System.getenv(BASE_URL_ENV);
            return new WrennClient(this, checkBaseUrl(url == null || url.isBlank() ? DEFAULT_BASE_URL : url), key);
        }

        private String checkBaseUrl(String url) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("base URL is not a valid URL: " + url, e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("base URL must be an absolute http(s) URL: " + url);
            }
            if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("refusing to send the API key in clear text to " + uri.getHost()
                        + "; use https, or allowInsecureHttp(true) if the network is trusted");
            }
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }

        private static boolean isLoopback(String host) {
            if (host.equalsIgnoreCase("localhost")) {
                return true;
            }
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return false; // a name: never resolved here, so building stays free of I/O
            }
            try {
                return InetAddress.getByName(literal).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
