package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.InputStream;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * How the hand-written alternatives turn a stream frame into an event: jackson-core's streaming parser over
 * the frame as each transport hands it over (bytes, a {@code String}, a stream), no tree, only the fields
 * the protocol defines. Stateless: nothing is held per stream.
 */
public final class StreamingEventDecoder {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** A direct frame is copied here, one growing array per thread, and parsed from the array. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[8192];
        }
    };

    private StreamingEventDecoder() {
    }

    public static ProcessEvent decode(ByteBuf frame, ProcessSelector selector) {
        int length = frame.readableBytes();
        if (frame.hasArray()) {
            return decode(FACTORY.createParser(ObjectReadContext.empty(), frame.array(),
                    frame.arrayOffset() + frame.readerIndex(), length), selector);
        }
        byte[] scratch = SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
            SCRATCH.set(scratch);
        }
        frame.getBytes(frame.readerIndex(), scratch, 0, length);
        return decode(FACTORY.createParser(ObjectReadContext.empty(), scratch, 0, length), selector);
    }

    public static ProcessEvent decode(String text, ProcessSelector selector) {
        return decode(FACTORY.createParser(ObjectReadContext.empty(), text), selector);
    }

    public static ProcessEvent decode(InputStream in, ProcessSelector selector) {
        return decode(FACTORY.createParser(ObjectReadContext.empty(), in), selector);
    }

    private static ProcessEvent decode(JsonParser frame, ProcessSelector selector) {
        String type = null;
        String data = null;
        long pid = -1;
        int exitCode = -1;
        try (JsonParser parser = frame) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not a JSON object");
            }
            String name;
            while ((name = parser.nextName()) != null) {
                parser.nextToken();
                switch (name) {
                    case "type" -> type = parser.getString();
                    case "data" -> data = parser.getString();
                    case "pid" -> pid = parser.getLongValue();
                    case "exit_code" -> exitCode = parser.getIntValue();
                    default -> parser.skipChildren();
                }
            }
        }
        if (type == null) {
            throw new IllegalStateException("frame without a type");
        }
        return switch (type) {
            case "stdout" -> new ProcessEvent.Stdout(Subject.CAPSULE_ID, selector, data);
            case "stderr" -> new ProcessEvent.Stderr(Subject.CAPSULE_ID, selector, data);
            case "start" -> new ProcessEvent.Started(Subject.CAPSULE_ID, selector, pid);
            case "exit" -> new ProcessEvent.Exited(Subject.CAPSULE_ID, selector, exitCode);
            case "error" -> throw new IllegalStateException("error frame: " + data);
            default -> throw new IllegalStateException("unexpected frame type: " + type);
        };
    }
}
