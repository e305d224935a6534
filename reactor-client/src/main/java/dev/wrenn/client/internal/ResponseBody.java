package dev.wrenn.client.internal;

import dev.wrenn.client.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

/**
 * Collects a response body of bounded size. Most bodies arrive in one chunk, which is kept as it is; only a
 * body of several chunks is copied together.
 */
final class ResponseBody {

    private final int limit;
    private final Supplier<String> operation;
    private byte[] first;
    private ByteArrayOutputStream more;

    ResponseBody(int limit, Supplier<String> operation) {
        this.limit = limit;
        this.operation = operation;
    }

    ResponseBody add(byte[] chunk) {
        int size = (first == null ? 0 : first.length) + (more == null ? 0 : more.size()) + chunk.length;
        if (size > limit) {
            throw new ProtocolException(operation.get() + ": response body larger than the limit of " + limit + " bytes",
                    0, null, null, null);
        }
        if (first == null) {
            first = chunk;
        } else {
            if (more == null) {
                more = new ByteArrayOutputStream(Math.max(256, first.length * 2));
                more.writeBytes(first);
                first = new byte[0];
            }
            more.writeBytes(chunk);
        }
        return this;
    }

    byte[] bytes() {
        return more != null ? more.toByteArray() : first != null ? first : new byte[0];
    }
}
