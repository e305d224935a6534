package dev.wrenn.client;

/**
 * The capsule or the process does not exist (HTTP 404, {@code not_found}, or a stream's
 * {@code sandbox not found} or process-not-found frame). A process that has already exited is not found either.
 */
public class NotFoundException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public NotFoundException(String message, int status, String errorCode, String serverMessage, Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
