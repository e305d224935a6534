package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The API key was missing, invalid, or not allowed to do this (HTTP 401 or 403, or an
 * {@code authentication failed} frame on a stream, which the service sends about five seconds after accepting the
 * connection). Check {@code WRENN_API_KEY}; retrying does not help.
 */
public class AuthenticationException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public AuthenticationException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
