package dev.wrenn.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Reassembles a text message that arrives in fragments (a text frame that is not final, then continuation
 * frames), up to a maximum size. Fragments are copied to the heap, because Reactor Netty releases each frame
 * once it has been handled; fragmented messages are rare, so the common path keeps no state and copies nothing.
 */
final class FragmentBuffer {

    private final int maxSize;
    private byte[] bytes;
    private int size;

    FragmentBuffer(int maxSize) {
        this.maxSize = maxSize;
    }

    boolean inProgress() {
        return bytes != null;
    }

    /** Starts a message with its first fragment. */
    void start(ByteBuf fragment, String operation) {
        bytes = new byte[Math.min(maxSize, Math.max(256, fragment.readableBytes() * 2))];
        size = 0;
        append(fragment, operation);
    }

    /** Adds a fragment; past the maximum size, the message is refused. */
    void append(ByteBuf fragment, String operation) {
        int length = fragment.readableBytes();
        if (size + length > maxSize) {
            bytes = null;
            throw ErrorMapper.fragmentedMessageTooLarge(operation, maxSize);
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxSize, Math.max(size + length, bytes.length * 2)));
        }
        fragment.getBytes(fragment.readerIndex(), bytes, size, length);
        size += length;
    }

    /** The whole message, and the buffer is ready for the next one. */
    ByteBuf finish() {
        ByteBuf message = Unpooled.wrappedBuffer(bytes, 0, size);
        bytes = null;
        return message;
    }
}
