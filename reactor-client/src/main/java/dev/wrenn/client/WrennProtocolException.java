package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The service sent something this client cannot understand: a malformed or oversized frame,
 * a binary frame where JSON text was expected, or a response body that does not match the API.
 */
public class WrennProtocolException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public WrennProtocolException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
