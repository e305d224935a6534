package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a REST route answers: a status, an optional body and headers (the content type among them).
 *
 * @param body {@code null} for no body
 */
record Reply(HttpResponseStatus status, byte[] body, Map<String, String> headers) {

    /** JSON as Go's encoder writes it, with a trailing newline. */
    static Reply json(HttpResponseStatus status, Object value) {
        byte[] json = Json.write(value);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return new Reply(status, line, Map.of("Content-Type", "application/json"));
    }

    /** A plain-text answer as Go's {@code http.Error} writes it (router and WebSocket upgrade errors). */
    static Reply plainText(HttpResponseStatus status, String text) {
        return new Reply(status, (text + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "text/plain; charset=utf-8", "X-Content-Type-Options", "nosniff"));
    }

    static Reply noContent() {
        return new Reply(HttpResponseStatus.NO_CONTENT, null, Map.of());
    }

    static Reply error(ApiException error) {
        return json(error.status(), new Wire.ErrorResponse(new Wire.ErrorDetail(error.code(), error.getMessage())));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, body, Map.copyOf(all));
    }
}
