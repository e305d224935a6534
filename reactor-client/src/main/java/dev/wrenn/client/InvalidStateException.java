package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The capsule is not in a state that allows the operation (HTTP 409 {@code invalid_state},
 * or a stream's {@code sandbox is not running (status: paused)} frame); process calls need a running capsule.
 * Also signalled by {@link Capsules#awaitRunning} when a capsule ends up {@code error} or {@code stopped}.
 */
public class InvalidStateException extends ConflictException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public InvalidStateException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
