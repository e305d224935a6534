package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The service cut a process stream at its time limit: it ends every attachment and {@code exec/stream} after
 * 10 minutes, whether or not the process still runs. The process may well be running; use
 * {@link Processes#follow(ProcessSelector)} to keep following a process across these cuts.
 */
public class StreamLimitException extends StreamInterruptedException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public StreamLimitException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
