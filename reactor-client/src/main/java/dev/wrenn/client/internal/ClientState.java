package dev.wrenn.client.internal;

/** Whether the client that owns the transports has been closed; calls made after that fail at subscription. */
final class ClientState {

    private volatile boolean closed;

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this WrennClient is closed");
        }
    }
}
