package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The service refused the request as malformed (HTTP 400, {@code invalid_request}), for example a missing command.
 * Retrying the same request fails the same way.
 */
public class InvalidRequestException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public InvalidRequestException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
