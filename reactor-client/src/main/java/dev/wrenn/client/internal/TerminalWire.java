package dev.wrenn.client.internal;

import dev.wrenn.client.WrennProtocolException;
import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalInput;
import dev.wrenn.client.TerminalSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/** The JSON messages of the terminal endpoint, both ways, on the same streaming reader and writer as REST. */
final class TerminalWire {

    private static final byte[] KILL = Json.write(new Control("kill", null, null));

    private TerminalWire() {
    }

    private record Start(String cmd, List<String> args, Integer cols, Integer rows, Map<String, String> envs,
                         String cwd, String user) implements Json.Body {
        @Override
        public void writeFields(JsonGenerator out) {
            Json.field(out, "type", "start");
            Json.field(out, "cmd", cmd);
            Json.field(out, "args", args);
            Json.field(out, "cols", cols);
            Json.field(out, "rows", rows);
            Json.field(out, "envs", envs);
            Json.field(out, "cwd", cwd);
            Json.field(out, "user", user);
        }
    }

    /** A message of one type with one optional text field: {@code connect} and {@code input}. */
    private record Typed(String type, String field, String value) implements Json.Body {
        @Override
        public void writeFields(JsonGenerator out) {
            Json.field(out, "type", type);
            Json.field(out, field, value);
        }
    }

    private record Control(String type, Integer cols, Integer rows) implements Json.Body {
        @Override
        public void writeFields(JsonGenerator out) {
            Json.field(out, "type", type);
            Json.field(out, "cols", cols);
            Json.field(out, "rows", rows);
        }
    }

    record ServerMessage(String type, String tag, Long pid, String data, Long exitCode) {
    }

    static byte[] start(TerminalSpec spec) {
        return Json.write(new Start(spec.command(), spec.args().isEmpty() ? null : spec.args(),
                spec.cols() == 0 ? null : spec.cols(), spec.rows() == 0 ? null : spec.rows(),
                spec.envs().isEmpty() ? null : spec.envs(), spec.cwd(), spec.user()));
    }

    static byte[] connect(String tag) {
        return Json.write(new Typed("connect", "tag", tag));
    }

    static TextWebSocketFrame input(byte[] bytes) {
        return text(Json.write(new Typed("input", "data", Base64.getEncoder().encodeToString(bytes))));
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

    /** One server message; only the fields this client uses are read, the others skipped. */
    static ServerMessage read(ByteBuf json, String operation) {
        ServerMessage message = JsonReader.read(ByteBufUtil.getBytes(json), TerminalWire::serverMessage, operation);
        if (message.type() == null) {
            throw malformed(operation, "a message without a type", null);
        }
        return message;
    }

    private static ServerMessage serverMessage(JsonReader in) {
        String type = null;
        String tag = null;
        String data = null;
        Long pid = null;
        Long exitCode = null;
        in.startObject("message");
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "type" -> type = in.string(name);
                case "tag" -> tag = in.string(name);
                case "data" -> data = in.string(name);
                case "pid" -> pid = in.number(name);
                case "exit_code" -> exitCode = in.number(name);
                default -> in.skip();
            }
        }
        return new ServerMessage(type, tag, pid, data, exitCode);
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
            case "exit" -> new TerminalEvent.Exited(exitCode(required(message.exitCode(), "exit_code", operation),
                    operation));
            default -> null;
        };
    }

    private static int exitCode(long value, String operation) {
        if (value != (int) value) {
            throw malformed(operation, "an exit code out of range", null);
        }
        return (int) value;
    }

    private static <T> T required(T value, String field, String operation) {
        if (value == null) {
            throw malformed(operation, "a message without " + field, null);
        }
        return value;
    }

    private static WrennProtocolException malformed(String operation, String what, Throwable cause) {
        return ErrorMapper.malformedTerminalMessage(operation, what, cause);
    }
}
