package dev.wrenn.client.internal;

import dev.wrenn.client.ProtocolException;
import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalInput;
import dev.wrenn.client.TerminalSpec;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

/** The JSON messages of the terminal endpoint, both ways. */
final class TerminalWire {

    private static final ObjectReader SERVER_MESSAGE = Json.MAPPER.readerFor(ServerMessage.class);
    private static final byte[] KILL = Json.write(new Control("kill", null, null));

    private TerminalWire() {
    }

    record Start(String type, String cmd, List<String> args, Integer cols, Integer rows, Map<String, String> envs,
                 String cwd, String user) {
    }

    record Connect(String type, String tag) {
    }

    record Input(String type, String data) {
    }

    record Control(String type, Integer cols, Integer rows) {
    }

    record ServerMessage(String type, String tag, Long pid, String data, Integer exitCode, Boolean fatal) {
    }

    static byte[] start(TerminalSpec spec) {
        return Json.write(new Start("start", spec.command(), spec.args().isEmpty() ? null : spec.args(),
                spec.cols() == 0 ? null : spec.cols(), spec.rows() == 0 ? null : spec.rows(),
                spec.envs().isEmpty() ? null : spec.envs(), spec.cwd(), spec.user()));
    }

    static byte[] connect(String tag) {
        return Json.write(new Connect("connect", tag));
    }

    static TextWebSocketFrame input(byte[] bytes) {
        return text(Json.write(new Input("input", Base64.getEncoder().encodeToString(bytes))));
    }

    /** A resize or kill. */
    static TextWebSocketFrame control(TerminalInput input) {
        return text(input instanceof TerminalInput.Resize r
                ? Json.write(new Control("resize", r.cols(), r.rows())) : KILL);
    }

    static TextWebSocketFrame kill() {
        return text(KILL);
    }

    static TextWebSocketFrame text(byte[] json) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(json));
    }

    static ServerMessage read(ByteBuf json, String operation) {
        try {
            ServerMessage message = SERVER_MESSAGE.readValue((java.io.InputStream) new ByteBufInputStream(json.duplicate()));
            if (message == null || message.type() == null) {
                throw malformed(operation, "a message without a type", null);
            }
            return message;
        } catch (JacksonException e) {
            throw malformed(operation, "a message that is not valid JSON", e);
        }
    }

    /** The event a message carries; null for a message that is not an event. */
    static TerminalEvent event(ServerMessage message, String operation) {
        return switch (message.type()) {
            case "started" -> new TerminalEvent.Started(required(message.tag(), "tag", operation),
                    required(message.pid(), "pid", operation));
            case "output" -> {
                try {
                    yield new TerminalEvent.Output(Base64.getDecoder().decode(required(message.data(), "data",
                            operation)));
                } catch (IllegalArgumentException e) {
                    throw malformed(operation, "output that is not base64", e);
                }
            }
            case "exit" -> new TerminalEvent.Exited(required(message.exitCode(), "exit_code", operation));
            default -> null;
        };
    }

    private static <T> T required(T value, String field, String operation) {
        if (value == null) {
            throw malformed(operation, "a message without " + field, null);
        }
        return value;
    }

    private static ProtocolException malformed(String operation, String what, Throwable cause) {
        return new ProtocolException(operation + ": the service sent " + what, 0, null, null, cause);
    }
}
