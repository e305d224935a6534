package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;

/**
 * One routed request.
 *
 * @param capsuleId the {@code {id}} path parameter, already checked to be well-formed; {@code null} if none
 * @param selector  the percent-decoded {@code {selector}} path parameter; {@code null} if none
 */
record ApiCall(HttpServerRequest request, String capsuleId, String selector, int maxBodyBytes) {

    /**
     * The whole request body (empty if none). Fails with a 413 {@link ApiException} once it exceeds
     * {@code maxBodyBytes}, without buffering more than that.
     */
    Mono<byte[]> body() {
        if (declaredLength() > maxBodyBytes) {
            return Mono.error(ApiException.bodyTooLarge(maxBodyBytes));
        }
        return request.receive().asByteArray()
                .reduceWith(ByteArrayOutputStream::new, (buffer, chunk) -> {
                    if (buffer.size() + chunk.length > maxBodyBytes) {
                        throw ApiException.bodyTooLarge(maxBodyBytes);
                    }
                    buffer.writeBytes(chunk);
                    return buffer;
                })
                .map(ByteArrayOutputStream::toByteArray)
                // The client went away, or took too long and was cut off: nobody is left to answer.
                .onErrorMap(AbortedException.class, closed -> ApiException.invalidRequest("request body incomplete"));
    }

    /** The first value of a query parameter, or {@code null}. */
    String query(String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String header(String name) {
        return request.requestHeaders().get(name);
    }

    private long declaredLength() {
        String value = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
