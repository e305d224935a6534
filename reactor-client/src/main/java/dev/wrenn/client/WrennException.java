package dev.wrenn.client;

import org.jspecify.annotations.Nullable;

/**
 * The root of every error this client signals. Unchecked, so it travels through Reactor operators as is.
 *
 * <p>A failure reported by the service carries its HTTP {@link #status()} (or {@code 0} when it arrived as
 * an {@code error} frame on a stream), the service's {@link #errorCode()} such as {@code not_found} or
 * {@code invalid_state}, and the service's own {@link #serverMessage()}. The subclasses sort failures by
 * what a caller does about them; catch this type to handle them all. No message ever contains the API key.
 */
public class WrennException extends RuntimeException {

    private final int status;
    private final @Nullable String errorCode;
    private final @Nullable String serverMessage;

    /**
     * @param message       what happened, for humans
     * @param status        the HTTP status, or {@code 0} when there was none
     * @param errorCode     the service's error code, or {@code null}
     * @param serverMessage the service's own message, or {@code null}
     * @param cause         the underlying failure, or {@code null}
     */
    public WrennException(String message, int status, @Nullable String errorCode, @Nullable String serverMessage,
                          @Nullable Throwable cause) {
        super(Arguments.notNull(message, "message"), cause);
        this.status = status;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    /** The HTTP status of the failed response, or {@code 0} when the failure did not come as an HTTP response. */
    public int status() {
        return status;
    }

    /** The service's error code ({@code not_found}, {@code invalid_state}, ...), or {@code null} when it gave none. */
    public @Nullable String errorCode() {
        return errorCode;
    }

    /** The service's own message (for example {@code sandbox not found}), or {@code null} when it gave none. */
    public @Nullable String serverMessage() {
        return serverMessage;
    }
}
