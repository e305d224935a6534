package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * A process stream ended before the process's exit was reported: the connection closed
 * (with or without a WebSocket close frame) or was reset, or the keepalive found the peer unresponsive. The
 * process's exit code is unknown and output may be missing; the process itself may still be running.
 */
public class StreamInterruptedException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public StreamInterruptedException(String message, int status, @Nullable String errorCode,
            @Nullable String serverMessage, @Nullable Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
