package dev.wrenn.spring.boot;

import dev.wrenn.client.RetryPolicy;
import dev.wrenn.client.WrennClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code wrenn.*} properties from which the {@link WrennClient} bean is built. The defaults are the client
 * builder's; {@code docs/spring.md} lists them all.
 */
@ConfigurationProperties("wrenn")
public class WrennProperties {

    /**
     * The service's base URL, to which paths such as /v1/capsules are appended. Default: the WRENN_BASE_URL
     * environment variable, else https://app.wrenn.dev/api.
     */
    private String baseUrl;

    /** The API key (wrn_...). Default: the WRENN_API_KEY environment variable. Never logged. */
    private String apiKey;

    /** How long a TCP connection may take to open. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** How long a REST call may wait for its whole response, headers and body (per attempt). */
    private Duration responseTimeout = Duration.ofSeconds(30);

    /** How long the WebSocket upgrade of a process stream may take. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /**
     * Fail a process stream when no frame arrives for this long while its subscriber is waiting for events;
     * 0 disables it.
     */
    private Duration idleTimeout = Duration.ofSeconds(90);

    /** Send a WebSocket ping on every process stream this often; 0 disables it. */
    private Duration keepAliveInterval = Duration.ofSeconds(30);

    /** The largest stream frame accepted, after fragments are reassembled; at least 1KB. */
    private DataSize maxFrameSize = DataSize.ofKilobytes(256);

    /** The largest REST response body accepted (foreground exec output travels in it); at least 1KB. */
    private DataSize maxResponseSize = DataSize.ofMegabytes(32);

    /** The most pooled REST connections. */
    private int maxConnections = 500;

    /** Log all traffic at DEBUG on the logger dev.wrenn.client.wire, with the API key redacted. */
    private boolean wiretap;

    /**
     * Allow a plain http:// base URL whose host is not a loopback address, which sends the API key in clear
     * text. Loopback addresses are always allowed.
     */
    private boolean allowInsecureHttp;

    /**
     * Names the application at the end of the client's User-Agent: one HTTP token of at most 64 characters
     * (letters, digits, !#$%&'*+-.^_`|~ and /). Default: spring.application.name, with other characters
     * replaced by '-'.
     */
    private String applicationId;

    private final Retry retry = new Retry();

    private final Toggle metrics = new Toggle();

    private final Toggle observations = new Toggle();

    private final Emulator emulator = new Emulator();

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getKeepAliveInterval() {
        return keepAliveInterval;
    }

    public void setKeepAliveInterval(Duration keepAliveInterval) {
        this.keepAliveInterval = keepAliveInterval;
    }

    public DataSize getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(DataSize maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public DataSize getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(DataSize maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public boolean isWiretap() {
        return wiretap;
    }

    public void setWiretap(boolean wiretap) {
        this.wiretap = wiretap;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    /** {@code wrenn.metrics.*}: the client's meters, in the application's MeterRegistry. */
    public Toggle getMetrics() {
        return metrics;
    }

    /** {@code wrenn.observations.*}: the client's observations, in the application's ObservationRegistry. */
    public Toggle getObservations() {
        return observations;
    }

    public Retry getRetry() {
        return retry;
    }

    public Emulator getEmulator() {
        return emulator;
    }

    /** {@code wrenn.retry.*}: when idempotent REST calls are retried; see {@link RetryPolicy}. */
    public static class Retry {

        /** The most retries after the first attempt; 0 turns retries off. */
        private int maxRetries = 3;

        /** The first wait between attempts. */
        private Duration minBackoff = Duration.ofMillis(100);

        /** The longest wait between attempts. */
        private Duration maxBackoff = Duration.ofSeconds(2);

        /** Whether kills are retried too (a retried kill may meet 404 for the process it already killed). */
        private boolean kills;

        public int getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
        }

        public Duration getMinBackoff() {
            return minBackoff;
        }

        public void setMinBackoff(Duration minBackoff) {
            this.minBackoff = minBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public boolean isKills() {
            return kills;
        }

        public void setKills(boolean kills) {
            this.kills = kills;
        }

        RetryPolicy toPolicy() {
            return RetryPolicy.backoff(maxRetries, minBackoff, maxBackoff).withKillRetries(kills);
        }
    }

    /** {@code wrenn.emulator.*}: a local emulator instead of the service, for tests and local runs. */
    public static class Emulator {

        /**
         * Start a local emulator (dev.wrenn:wrenn-emulator must be on the class path) and point the client at
         * it, with its own key, instead of the configured service. It runs commands as real processes on this
         * machine: a development tool, not a sandbox.
         */
        private boolean enabled;

        /** The emulator's port on 127.0.0.1; 0 picks a free one. */
        private int port;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** Whether a part is on. */
    public static class Toggle {

        /** Whether to give the client the application's registry, when there is one. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
