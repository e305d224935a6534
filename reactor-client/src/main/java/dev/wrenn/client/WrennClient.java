package dev.wrenn.client;

import dev.wrenn.client.internal.ClientCore;
import dev.wrenn.client.internal.ClientSettings;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
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
    /** The longest {@linkplain Builder#applicationId application ID} accepted. */
    public static final int MAX_APPLICATION_ID = 64;

    private final ClientCore core;
    private final Capsules capsules;

    private WrennClient(ClientCore core) {
        this.core = core;
        this.capsules = new Capsules(core.capsules());
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
        return new Processes(capsuleId, core.processes());
    }

    /**
     * The interactive terminals of one capsule.
     *
     * @throws IllegalArgumentException if {@code capsuleId} is null, blank, or holds control characters
     */
    public Terminals terminals(String capsuleId) {
        return new Terminals(capsuleId, core.terminals());
    }

    /** The base URL this client talks to. */
    public String baseUrl() {
        return core.baseUrl();
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
        return core.closeLater();
    }

    /** Names the base URL only; the API key appears in no string this client makes. */
    @Override
    public String toString() {
        return "WrennClient[" + core.baseUrl() + (core.isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Configures a {@link WrennClient}. Not thread-safe; each {@code build()} makes an independent client.
     * Every option has a default, listed with its setter.
     */
    public static final class Builder {

        private @Nullable String baseUrl;
        private @Nullable String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private @Nullable Duration idleTimeout = Duration.ofSeconds(90);
        private @Nullable Duration keepAliveInterval = Duration.ofSeconds(30);
        private int maxFrameSize = 256 * 1024;
        private int maxResponseSize = 32 * 1024 * 1024;
        private int maxConnections = 500;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private @Nullable HttpClient httpClient;
        private @Nullable ConnectionProvider connectionProvider;
        private @Nullable LoopResources loopResources;
        private @Nullable SslContext sslContext;
        private boolean wiretap;
        private boolean allowInsecureHttp;
        private @Nullable String applicationId;
        private @Nullable Consumer<HttpHeaders> requestHeaders;
        private @Nullable Micrometer micrometer;

        private Builder() {
        }

        /**
         * The service's base URL, to which paths such as {@code /v1/capsules} are appended. Default: the
         * {@code WRENN_BASE_URL} environment variable, else {@value WrennClient#DEFAULT_BASE_URL}.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Arguments.notBlank(baseUrl, "baseUrl");
            return this;
        }

        /** The API key ({@code wrn_...}). Default: the {@code WRENN_API_KEY} environment variable. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Arguments.notBlank(apiKey, "apiKey");
            return this;
        }

        /** How long a TCP connection may take to open. Default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Arguments.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long a REST call may wait for its whole response, from the moment it is sent (its connection
         * included) to the last byte of the body; a call that takes longer fails with
         * {@link WrennTimeoutException}, however steadily the response trickles in. The deadline applies to
         * each attempt, and a timed-out attempt is not retried. Foreground exec waits its own time limit on
         * top. Default 30 s.
         */
        public Builder responseTimeout(Duration responseTimeout) {
            this.responseTimeout = Arguments.positive(responseTimeout, "responseTimeout");
            return this;
        }

        /**
         * How long the WebSocket upgrade of a process stream may take; also how long an
         * {@link Processes#execStream(Command, OnCancel) exec/stream} cancelled before {@code start} reads on to
         * learn the PID it must kill. Default 10 s.
         */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = Arguments.positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /**
         * Fail a process stream with {@link WrennTimeoutException} when no frame (output or keepalive pong)
         * arrives for this long while its subscriber is waiting for events; time during which the subscriber
         * requests nothing does not count. {@code null} disables it. Default 90 s, which with the default
         * keepalive keeps quiet processes attached and detects a dead peer or half-open connection.
         */
        public Builder idleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout == null ? null : Arguments.positive(idleTimeout, "idleTimeout");
            return this;
        }

        /**
         * Send a WebSocket ping on every process stream this often, so that proxies keep quiet streams open and
         * the idle timeout can tell a quiet process from a dead peer. {@code null} disables it. Default 30 s.
         */
        public Builder keepAliveInterval(@Nullable Duration keepAliveInterval) {
            this.keepAliveInterval = keepAliveInterval == null ? null
                    : Arguments.positive(keepAliveInterval, "keepAliveInterval");
            return this;
        }

        /**
         * The largest stream frame accepted, after fragments are reassembled; a larger one fails the stream
         * with {@link WrennProtocolException}. Default 256 KiB: the service sends output in chunks of at most 32 KiB,
         * which JSON escaping can grow up to six-fold.
         */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = Arguments.atLeast(maxFrameSize, 1024, "maxFrameSize");
            return this;
        }

        /** The largest REST response body accepted (foreground exec output travels in it). Default 32 MiB. */
        public Builder maxResponseSize(int maxResponseSize) {
            this.maxResponseSize = Arguments.atLeast(maxResponseSize, 1024, "maxResponseSize");
            return this;
        }

        /** The most pooled REST connections, when the client makes its own pool. Default 500. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = Arguments.atLeast(maxConnections, 1, "maxConnections");
            return this;
        }

        /** When REST calls are retried. Default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Arguments.notNull(retryPolicy, "retryPolicy");
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
            this.httpClient = Arguments.notNull(httpClient, "httpClient");
            return this;
        }

        /** Uses this pool for REST calls instead of making one. Lent: closing the client leaves it alone. */
        public Builder connectionProvider(ConnectionProvider connectionProvider) {
            this.connectionProvider = Arguments.notNull(connectionProvider, "connectionProvider");
            return this;
        }

        /** Runs on these event loops instead of Reactor Netty's shared ones. Lent: closing the client leaves them alone. */
        public Builder loopResources(LoopResources loopResources) {
            this.loopResources = Arguments.notNull(loopResources, "loopResources");
            return this;
        }

        /**
         * TLS settings, for example to trust a private certificate authority. By default certificates and host
         * names are verified against the JVM's trust store.
         */
        public Builder sslContext(SslContext sslContext) {
            this.sslContext = Arguments.notNull(sslContext, "sslContext");
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
            this.applicationId = Arguments.applicationId(applicationId, MAX_APPLICATION_ID);
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
        public Builder requestHeaders(Consumer<HttpHeaders> requestHeaders) {
            this.requestHeaders = Arguments.notNull(requestHeaders, "requestHeaders");
            return this;
        }

        /**
         * Instruments the client with Micrometer: {@link Micrometer#meters meters}, {@link Micrometer#observations
         * observations}, or both. Each call adds to what earlier calls set, a registry of the same kind replacing
         * the earlier one, so that meters and observations can be configured apart. Micrometer's types appear only
         * in {@link Micrometer}, so this builder loads and reflects without Micrometer on the class path; without
         * this option no Micrometer class is loaded. Default none.
         */
        public Builder instrument(Micrometer instruments) {
            Arguments.notNull(instruments, "instruments");
            this.micrometer = micrometer == null ? instruments : micrometer.and(instruments);
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
            String url = baseUrl != null ? baseUrl : System.getenv(BASE_URL_ENV);
            return new WrennClient(ClientCore.assemble(new ClientSettings(url == null || url.isBlank() ? DEFAULT_BASE_URL : url,
                    allowInsecureHttp, key, connectTimeout, responseTimeout, handshakeTimeout, idleTimeout, keepAliveInterval,
                    maxFrameSize, maxResponseSize, maxConnections, retryPolicy, httpClient, connectionProvider, loopResources,
                    sslContext, wiretap, applicationId, requestHeaders, micrometer)));
        }
    }
}
