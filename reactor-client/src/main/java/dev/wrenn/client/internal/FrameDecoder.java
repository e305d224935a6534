package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.WrennProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * The one place that parses stream frames: the JSON text of one WebSocket frame to one {@link WireFrame}.
 *
 * <p>Frames of the service's own shape (a flat object of {@code type}, {@code data}, {@code pid},
 * {@code exit_code}) are read by a {@link FrameScanner} straight from the frame's bytes; anything else (other
 * fields, nested values, text the scanner does not vouch for, malformed input) goes to Jackson's streaming
 * parser, which decides. Both read only the four fields the protocol defines. Thread-safe: one instance
 * serves every stream.
 */
public final class FrameDecoder {

    /** Not a number: the field was absent or held something else. */
    static final long ABSENT = Long.MIN_VALUE;

    /** One per thread (in practice, per event loop), with its scratch array; never entered twice at once. */
    private static final FastThreadLocal<FrameScanner> SCANNERS = new FastThreadLocal<>() {
        @Override
        protected FrameScanner initialValue() {
            return new FrameScanner();
        }
    };

    /**
     * Decodes one whole text message.
     *
     * @param operation names the stream in an error; called only when there is one
     * @throws WrennProtocolException if the frame is not a JSON object, lacks {@code type}, or lacks the field its
     *                                type requires
     */
    public WireFrame decode(ByteBuf frame, Supplier<String> operation) {
        WireFrame scanned = SCANNERS.get().scan(frame, operation);
        return scanned != null ? scanned : parse(frame, operation);
    }

    /** The general path: Jackson's streaming parser over the frame's bytes. */
    private static WireFrame parse(ByteBuf frame, Supplier<String> operation) {
        String type = null;
        String data = null;
        long pid = ABSENT;
        long exitCode = ABSENT;
        try (JsonParser parser = open(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ErrorMapper.malformedFrame(operation.get(), "not a JSON object", null);
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "data" -> data = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : ABSENT;
                    case "exit_code" -> exitCode = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : ABSENT;
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw ErrorMapper.malformedFrame(operation.get(), "trailing content after the JSON object", null);
            }
        } catch (JacksonException e) {
            throw ErrorMapper.malformedFrame(operation.get(), "malformed JSON (" + e.getOriginalMessage() + ")", e);
        }
        return frame(type, data, pid, exitCode, operation);
    }

    private static JsonParser open(ByteBuf frame) {
        return frame.hasArray()
                ? Json.FACTORY.createParser(ObjectReadContext.empty(), frame.array(),
                        frame.arrayOffset() + frame.readerIndex(), frame.readableBytes())
                : Json.FACTORY.createParser(ObjectReadContext.empty(), ByteBufUtil.getBytes(frame));
    }

    /** The frame the fields make, by the protocol's rules; both paths end here. */
    static WireFrame frame(String type, String data, long pid, long exitCode, Supplier<String> operation) {
        if (type == null) {
            throw ErrorMapper.malformedFrame(operation.get(), "no \"type\" field", null);
        }
        return switch (type) {
            case "stdout" -> new WireFrame.Output(ProcessEvent.StandardStream.STDOUT, require(data, type, "data", operation));
            case "stderr" -> new WireFrame.Output(ProcessEvent.StandardStream.STDERR, require(data, type, "data", operation));
            case "start" -> {
                if (pid < 0 || pid > ProcessSelector.MAX_PID) {
                    throw ErrorMapper.malformedFrame(operation.get(), "\"start\" frame without a valid \"pid\" (0 to "
                            + ProcessSelector.MAX_PID + ")", null);
                }
                yield new WireFrame.Start(pid);
            }
            case "exit" -> {
                if (exitCode == ABSENT) {
                    throw missing(type, "exit_code", operation);
                }
                yield new WireFrame.Exit((int) exitCode);
            }
            case "error" -> new WireFrame.Error(data == null ? "(no message)" : data);
            default -> new WireFrame.Unknown(type);
        };
    }

    private static String require(String value, String type, String field, Supplier<String> operation) {
        if (value == null) {
            throw missing(type, field, operation);
        }
        return value;
    }

    private static WrennProtocolException missing(String type, String field, Supplier<String> operation) {
        return ErrorMapper.malformedFrame(operation.get(), "\"" + type + "\" frame without \"" + field + "\"", null);
    }
}
