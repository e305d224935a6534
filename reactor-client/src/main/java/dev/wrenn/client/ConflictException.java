package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The request conflicts with the current state of the capsule (HTTP 409), for example a tag
 * already in use. See {@link InvalidStateException} for the common case of a capsule that is not running.
 */
public class ConflictException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public ConflictException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
