package dev.wrenn.client.internal;

import dev.wrenn.client.Micrometer;
import dev.wrenn.client.RetryPolicy;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The options of a {@code WrennClient.Builder}, each already checked by its setter, except the base URL, which
 * {@link ClientCore#assemble} reads by the service's rules. See the builder for what each one means.
 */
public record ClientSettings(String baseUrl, boolean allowInsecureHttp, String apiKey, Duration connectTimeout,
                             Duration responseTimeout, Duration handshakeTimeout, @Nullable Duration idleTimeout,
                             @Nullable Duration keepAliveInterval, int maxFrameSize, int maxResponseSize,
                             int maxConnections, RetryPolicy retryPolicy, @Nullable HttpClient httpClient,
                             @Nullable ConnectionProvider connectionProvider, @Nullable LoopResources loopResources,
                             @Nullable SslContext sslContext, boolean wiretap, @Nullable String applicationId,
                             @Nullable Consumer<HttpHeaders> requestHeaders, @Nullable Micrometer micrometer) {
}
