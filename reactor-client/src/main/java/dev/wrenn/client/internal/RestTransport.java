package dev.wrenn.client.internal;

import dev.wrenn.client.ConnectionException;
import dev.wrenn.client.RetryPolicy;
import dev.wrenn.client.ServerException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * REST calls: one request, one bounded response body, one typed result or typed error, retried only when
 * the caller says the call is safe to repeat. Cold: nothing is sent before subscription, and each
 * subscription sends anew.
 *
 * <p>Every attempt has a deadline for its whole response, status line to last body byte, so that a response
 * that trickles in cannot hold a call forever; a timed-out attempt ends the call (it is not retried).
 */
final class RestTransport {

    /** Whether a call may be repeated after a transient failure. */
    enum Idempotency { SAFE, KILL, UNSAFE }

    private final HttpClient http;
    private final HttpClient httpWithJsonBody;
    private final RetryPolicy retryPolicy;
    private final Duration responseTimeout;
    private final int maxResponseBytes;
    private final String apiKey;
    private final ClientState state;
    private final Telemetry telemetry;

    /**
     * @param http            configured with base URL, headers and connection resources
     * @param responseTimeout how long each attempt may wait for its whole response
     * @param apiKey          the configured key, redacted from every server text quoted in an error
     * @param telemetry       what is reported about each call
     */
    RestTransport(HttpClient http, RetryPolicy retryPolicy, Duration responseTimeout, int maxResponseBytes,
                         String apiKey, ClientState state, Telemetry telemetry) {
        this.state = state;
        this.telemetry = telemetry;
        this.http = http.doOnConnected(connection -> ResponseGuard.install(connection.channel()));
        this.httpWithJsonBody = this.http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
        this.retryPolicy = retryPolicy;
        this.responseTimeout = responseTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.apiKey = apiKey;
    }

    /**
     * Sends a request and decodes its successful body with {@code decode} (which gets an empty array for
     * 204). {@code extraTime} lengthens the deadline for calls the service itself holds open (foreground exec).
     */
    <T> Mono<T> call(HttpMethod method, Endpoints.Endpoint endpoint, Json.Body body, Idempotency idempotency,
                            Duration extraTime, Function<byte[], T> decode) {
        String path = endpoint.path();
        byte[] payload = body == null ? null : Json.write(body);
        Duration deadline = responseTimeout.plus(extraTime);
        // The request is configured once, here: Reactor Netty's request objects are immutable and cold, so a
        // call subscribed again (a cached list, a retry) sends anew without copying its configuration again.
        HttpClient.RequestSender request = (payload == null ? http : httpWithJsonBody).request(method).uri(path);
        HttpClient.ResponseReceiver<?> sent = payload == null ? request
                : request.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(payload)));
        Mono<T> exchange = sent.responseConnection((response, connection) -> {
            ResponseGuard.Failure failure = ResponseGuard.failure(connection.channel());
            if (failure != null) {
                return Mono.error(ErrorMapper.withoutResponse(operation(method, path), failure.refusal()));
            }
            return readBounded(connection.inbound().receive(), method, path).map(bytes -> {
                int status = response.status().code();
                if (status >= 300) {
                    throw ErrorMapper.fromResponse(operation(method, path), status, bytes, apiKey);
                }
                return decode.apply(bytes);
            });
        }).singleOrEmpty();
        Mono<T> once = new Deadline<>(exchange, deadline, () -> ErrorMapper.deadlinePassed(operation(method, path), deadline))
                .onErrorMap(e -> ErrorMapper.fromRestFailure(operation(method, path), e));
        boolean repeatable = idempotency == Idempotency.SAFE
                || (idempotency == Idempotency.KILL && retryPolicy.retriesKills());
        Mono<T> attempts = telemetry.call(repeatable ? retried(once, 1) : once, method, endpoint);
        return Mono.defer(() -> {
            state.checkOpen();
            return attempts;
        });
    }

    /**
     * The call, made again after each transient failure while the policy allows, after a backoff that doubles
     * from its minimum up to its maximum, each randomised by up to half; when the retries run out, the last
     * failure. The retry machinery is built only when a failure asks for it, so a call that succeeds costs no
     * more than one without retries.
     */
    private <T> Mono<T> retried(Mono<T> call, int retry) {
        if (retry > retryPolicy.maxRetries()) {
            return call;
        }
        return call.onErrorResume(RestTransport::isTransient,
                failure -> Mono.delay(backoff(retry)).then(retried(call, retry + 1)));
    }

    private Duration backoff(int retry) {
        long min = retryPolicy.minBackoff().toNanos();
        long max = retryPolicy.maxBackoff().toNanos();
        long doubled = min << Math.min(retry - 1, 30);
        long base = doubled < min || doubled > max ? max : doubled;
        long jittered = base + (long) (base * (ThreadLocalRandom.current().nextDouble() - 0.5));
        return Duration.ofNanos(Math.max(min, Math.min(max, jittered)));
    }

    /** Failures that say nothing about the request itself, so that repeating a safe request may succeed. */
    static boolean isTransient(Throwable error) {
        if (error instanceof ConnectionException) {
            return true;
        }
        return error instanceof ServerException server
                && (server.status() == 502 || server.status() == 503 || server.status() == 504);
    }

    private Mono<byte[]> readBounded(ByteBufFlux content, HttpMethod method, String path) {
        return content.asByteArray()
                .reduceWith(() -> new ResponseBody(maxResponseBytes, () -> operation(method, path)), ResponseBody::add)
                .map(ResponseBody::bytes);
    }

    /** Names a call in error messages; built only when there is an error to report. */
    private static String operation(HttpMethod method, String path) {
        return method.name() + ' ' + path;
    }
}
