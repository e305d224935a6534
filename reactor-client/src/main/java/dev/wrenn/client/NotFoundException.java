package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The capsule or the process does not exist (HTTP 404, {@code not_found}, or a stream's
 * {@code sandbox not found} or process-not-found frame). A process that has already exited is not found either.
 */
public class NotFoundException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public NotFoundException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
