package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * No connection could be made, or the connection failed before a response arrived:
 * refused, unresolvable host, TLS failure, reset. The request may or may not have reached the service.
 */
public class ConnectionException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public ConnectionException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
