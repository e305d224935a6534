package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.WrennProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The one place that parses stream frames: the JSON text of one WebSocket frame to one {@link ProcessEvent}.
 *
 * <p>It streams over the frame's own bytes (no copy of the frame, no tree), reads only the four fields the
 * protocol defines and skips any other. Thread-safe and stateless: one instance serves every stream.
 */
public final class FrameDecoder {

    /** Told about the frames that are not events. */
    public interface OtherFrames {
        /** An {@code error} frame: the stream ends with the service's text. */
        void serverError(String text);

        /** A frame of a type this client does not know; skipped so that newer services stay compatible. */
        void unknownType(String type);
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * Decodes one text frame: returns its event, or tells {@code others} what it was and returns {@code null}.
     * Events, the hot path, allocate nothing beyond themselves and their text.
     *
     * @throws WrennProtocolException if the frame is not a JSON object, lacks {@code type}, or lacks the field its
     *                           type requires
     */
    public ProcessEvent decode(ByteBuf frame, String capsuleId, ProcessSelector selector, OtherFrames others) {
        String type = null;
        String data = null;
        long pid = -1;
        Integer exitCode = null;
        try (JsonParser parser = open(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("not a JSON object", null);
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "data" -> data = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "exit_code" -> exitCode = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw malformed("trailing content after the JSON object", null);
            }
        } catch (JacksonException e) {
            throw malformed("malformed JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (type == null) {
            throw malformed("no \"type\" field", null);
        }
        switch (type) {
            case "stdout":
                return new ProcessEvent.Stdout(capsuleId, selector, require(data, type, "data"));
            case "stderr":
                return new ProcessEvent.Stderr(capsuleId, selector, require(data, type, "data"));
            case "start":
                if (pid < 0 || pid > ProcessSelector.MAX_PID) {
                    throw malformed("\"start\" frame without a valid \"pid\" (0 to " + ProcessSelector.MAX_PID + ")", null);
                }
                return new ProcessEvent.Started(capsuleId, selector != null ? selector : ProcessSelector.pid(pid), pid);
            case "exit":
                return new ProcessEvent.Exited(capsuleId, selector, require(exitCode, type, "exit_code"));
            case "error":
                others.serverError(data == null ? "(no message)" : data);
                return null;
            default:
                others.unknownType(type);
                return null;
        }
    }

    private static JsonParser open(ByteBuf frame) {
        if (frame.hasArray()) {
            return FACTORY.createParser(ObjectReadContext.empty(), frame.array(),
                    frame.arrayOffset() + frame.readerIndex(), frame.readableBytes());
        }
        // Direct memory: streamed through Jackson's own recycled input buffer, so no copy of the frame is made.
        // (Jackson's non-blocking ByteBuffer parser reads the memory in place but allocates more per frame and
        // was slower on 4 KiB frames.)
        return FACTORY.createParser(ObjectReadContext.empty(), (java.io.InputStream) new ByteBufInputStream(frame.duplicate()));
    }

    private static <T> T require(T value, String type, String field) {
        if (value == null) {
            throw malformed("\"" + type + "\" frame without \"" + field + "\"", null);
        }
        return value;
    }

    private static WrennProtocolException malformed(String what, Throwable cause) {
        return new WrennProtocolException("invalid frame from the service: " + what, 0, null, null, cause);
    }
}
