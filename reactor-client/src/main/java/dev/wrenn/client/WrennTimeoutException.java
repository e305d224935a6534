package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * A configured time limit passed: no response within the response timeout, no frame
 * within a stream's idle timeout while the subscriber was waiting, or a capsule not running by the deadline.
 */
public class WrennTimeoutException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public WrennTimeoutException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
