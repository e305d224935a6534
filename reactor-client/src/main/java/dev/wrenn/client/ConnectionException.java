package dev.wrenn.client;

/**
 * No connection could be made, or the connection failed before a response arrived:
 * refused, unresolvable host, TLS failure, reset. The request may or may not have reached the service.
 */
public class ConnectionException extends WrennException {

    /** See {@link WrennException#WrennException(String, int, String, String, Throwable)}. */
    public ConnectionException(String message, int status, String errorCode, String serverMessage, Throwable cause) {
        super(message, status, errorCode, serverMessage, cause);
    }
}
