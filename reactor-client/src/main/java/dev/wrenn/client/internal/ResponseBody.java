package dev.wrenn.client.internal;

import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

/**
 * Collects a response body of bounded size. Most bodies arrive in one chunk, which is kept as it is; only a
 * body of several chunks is copied together.
 */
final class ResponseBody {

    private final int limit;
    private final Supplier<String> operation;
    /** The body so far when it came in one chunk; null once a second chunk started {@link #more}. */
    private byte[] single;
    private ByteArrayOutputStream more;
    private int size;

    ResponseBody(int limit, Supplier<String> operation) {
        this.limit = limit;
        this.operation = operation;
    }

    ResponseBody add(byte[] chunk) {
        size += chunk.length;
        if (size > limit) {
            throw ErrorMapper.bodyTooLarge(operation.get(), limit);
        }
        if (more == null && single == null) {
            single = chunk;
            return this;
        }
        if (more == null) {
            more = new ByteArrayOutputStream(Math.max(256, size));
            more.writeBytes(single);
            single = null;
        }
        more.writeBytes(chunk);
        return this;
    }

    byte[] bytes() {
        return more != null ? more.toByteArray() : single != null ? single : new byte[0];
    }
}
