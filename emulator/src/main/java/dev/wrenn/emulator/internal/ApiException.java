package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request failure that the API reports to the client: an HTTP status, an error code and a message, as in
 * {@code {"error":{"code":"not_found","message":"sandbox not found"}}}. On a WebSocket only the message is used.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;

    private ApiException(HttpResponseStatus status, String code, String message) {
        // An expected outcome, not a bug: no stack trace.
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException invalidRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", message);
    }

    static ApiException unauthorized() {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "missing or invalid API key");
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", message);
    }

    static ApiException sandboxNotFound() {
        return notFound("sandbox not found");
    }

    static ApiException methodNotAllowed() {
        return new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed");
    }

    static ApiException invalidState(String message) {
        return new ApiException(HttpResponseStatus.CONFLICT, "invalid_state", message);
    }

    static ApiException conflict(String message) {
        return new ApiException(HttpResponseStatus.CONFLICT, "conflict", message);
    }

    static ApiException bodyTooLarge(int limit) {
        return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "invalid_request",
                "request body exceeds " + limit + " bytes");
    }

    /** An error relayed from the host agent that maps to no other code. */
    static ApiException agentError(String message) {
        return new ApiException(HttpResponseStatus.BAD_GATEWAY, "agent_error", message);
    }

    static ApiException internal(String message) {
        return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", message);
    }

    HttpResponseStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
