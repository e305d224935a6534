package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The service, or a proxy in front of it, failed (HTTP 5xx). The body may not be JSON (an
 * HTML page from a proxy): {@link #status()} is always set, {@link #errorCode()} only when the service gave one.
 * Idempotent reads are retried on 502, 503 and 504 according to the client's {@link RetryPolicy}.
 */
public class ServerException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public ServerException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
