package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * What a REST handler answers: a status, an optional JSON body and extra headers.
 *
 * @param body serialized as JSON; {@code null} for no body
 */
record Reply(HttpResponseStatus status, Object body, Map<String, String> headers) {

    static Reply json(HttpResponseStatus status, Object body) {
        return new Reply(status, body, Map.of());
    }

    static Reply noContent() {
        return new Reply(HttpResponseStatus.NO_CONTENT, null, Map.of());
    }

    static Reply error(ApiException error) {
        return json(error.status(), new Wire.ErrorResponse(new Wire.ErrorDetail(error.code(), error.getMessage())));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, body, Map.copyOf(all));
    }
}
