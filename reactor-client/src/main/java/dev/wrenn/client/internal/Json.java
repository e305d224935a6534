package dev.wrenn.client.internal;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.CapsuleStatus;
import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.WrennProtocolException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The REST wire format: the request and response shapes of the API, written and read with Jackson's streaming
 * core only (no data binding, so no dependency on {@code jackson-annotations}, whose version Spring Boot
 * lines pin), and converted to and from the public types here so that Jackson never shows in the public API.
 * Responses are read field by field with {@link JsonReader}: unknown fields are ignored, names are snake_case.
 */
public final class Json {

    /** Thread-safe; shared by every request written and response read. */
    static final JsonFactory FACTORY = new JsonFactory();

    static final JsonReader.Shape<ErrorDetail> ERROR = Json::errorBody;
    static final JsonReader.Shape<Capsule> CAPSULE = Json::capsule;
    static final JsonReader.Shape<List<Capsule>> CAPSULES = in -> in.array("capsule", Json::capsule);
    static final JsonReader.Shape<List<ProcessInfo>> PROCESSES = Json::processList;
    static final JsonReader.Shape<ExecResult> EXEC_RESULT = Json::execResult;
    static final JsonReader.Shape<BackgroundStarted> BACKGROUND_STARTED = Json::backgroundStarted;

    private Json() {
    }

    /** Reads a response body; anything that does not parse is the service breaking the contract. */
    static <T> T read(byte[] body, JsonReader.Shape<T> shape, String operation) {
        return JsonReader.read(body, shape, operation);
    }

    /** A process list's body; public for the benchmarks. */
    public static List<ProcessInfo> processes(byte[] body, String operation) {
        return read(body, PROCESSES, operation);
    }

    /** The service's {@code error} object of an error response's body. */
    static ErrorDetail error(byte[] body) {
        return read(body, ERROR, "error body");
    }

    static WrennProtocolException malformed(String operation, String what) {
        return ErrorMapper.malformedResponse(operation, what);
    }

    private static <T> T required(T value, String field, String operation) {
        if (value == null) {
            throw malformed(operation, "'" + field + "' is missing");
        }
        return value;
    }

    private static long validPid(Long value, String operation) {
        if (required(value, "pid", operation) < 0 || value > ProcessSelector.MAX_PID) {
            throw malformed(operation, "pid " + value + " is out of range");
        }
        return value;
    }

    // ---- requests ----

    /** A request body: written as a JSON object, absent (null) fields left out. */
    public interface Body {
        void writeFields(JsonGenerator out);
    }

    static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator out = FACTORY.createGenerator(ObjectWriteContext.empty(), bytes)) {
            out.writeStartObject();
            body.writeFields(out);
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** Writes one field of a {@link Body}; a null value is left out. */
    static void field(JsonGenerator out, String name, Object value) {
        if (value == null) {
            return;
        }
        out.writeName(name);
        if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            out.writeNumber(number);
        } else if (value instanceof Long number) {
            out.writeNumber(number);
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                out.writeString((String) element);
            }
            out.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeStringProperty((String) entry.getKey(), (String) entry.getValue());
            }
            out.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    record CreateCapsuleRequest(String template, Integer vcpus, Integer memoryMb, Long timeoutSec) implements Body {
        static CreateCapsuleRequest of(CapsuleSpec spec) {
            Duration timeout = spec.inactivityTimeout();
            return new CreateCapsuleRequest(spec.template(), spec.vcpus(), spec.memoryMb(),
                    timeout == null ? null : timeout.toSeconds());
        }

        @Override
        public void writeFields(JsonGenerator out) {
            field(out, "template", template);
            field(out, "vcpus", vcpus);
            field(out, "memory_mb", memoryMb);
            field(out, "timeout_sec", timeoutSec);
        }
    }

    record ExecRequest(String cmd, List<String> args, Boolean background, String tag, Map<String, String> envs,
                       String cwd, Long timeoutSec) implements Body {
        static ExecRequest foreground(Command c, long timeoutSec) {
            return new ExecRequest(c.program(), c.args(), null, null, null, null, timeoutSec);
        }

        static ExecRequest background(Command c) {
            return new ExecRequest(c.program(), c.args(), Boolean.TRUE, c.tag(),
                    c.env().isEmpty() ? null : c.env(), c.cwd(), null);
        }

        @Override
        public void writeFields(JsonGenerator out) {
            field(out, "cmd", cmd);
            field(out, "args", args);
            field(out, "background", background);
            field(out, "tag", tag);
            field(out, "envs", envs);
            field(out, "cwd", cwd);
            field(out, "timeout_sec", timeoutSec);
        }
    }

    /** The first message on {@code exec/stream}. */
    record StreamStart(String cmd, List<String> args) implements Body {
        static byte[] of(Command c) {
            return write(new StreamStart(c.program(), c.args()));
        }

        @Override
        public void writeFields(JsonGenerator out) {
            field(out, "type", "start");
            field(out, "cmd", cmd);
            field(out, "args", args);
        }
    }

    // ---- responses ----

    record ErrorDetail(String code, String message) {
        static final ErrorDetail NONE = new ErrorDetail(null, null);
    }

    private static ErrorDetail errorBody(JsonReader in) {
        ErrorDetail detail = ErrorDetail.NONE;
        in.startObject("error body");
        for (String name; (name = in.nextField()) != null; ) {
            if (name.equals("error") && !in.isNull()) {
                detail = errorDetail(in);
            } else {
                in.skip();
            }
        }
        return detail;
    }

    private static ErrorDetail errorDetail(JsonReader in) {
        String code = null;
        String message = null;
        in.startObject("error");
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "code" -> code = in.string(name);
                case "message" -> message = in.string(name);
                default -> in.skip();
            }
        }
        return new ErrorDetail(code, message);
    }

    private static Capsule capsule(JsonReader in) {
        String id = null;
        String status = null;
        String template = null;
        String guestIp = null;
        String hostIp = null;
        String createdAt = null;
        String startedAt = null;
        String lastActiveAt = null;
        String lastUpdated = null;
        int vcpus = 0;
        int memoryMb = 0;
        int timeoutSec = 0;
        Map<String, String> metadata = null;
        in.startObject("capsule");
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "id" -> id = in.string(name);
                case "status" -> status = in.string(name);
                case "template" -> template = in.string(name);
                case "guest_ip" -> guestIp = in.string(name);
                case "host_ip" -> hostIp = in.string(name);
                case "created_at" -> createdAt = in.string(name);
                case "started_at" -> startedAt = in.string(name);
                case "last_active_at" -> lastActiveAt = in.string(name);
                case "last_updated" -> lastUpdated = in.string(name);
                case "vcpus" -> vcpus = in.intOrZero(name);
                case "memory_mb" -> memoryMb = in.intOrZero(name);
                case "timeout_sec" -> timeoutSec = in.intOrZero(name);
                case "metadata" -> metadata = in.stringMap(name);
                default -> in.skip();
            }
        }
        String operation = in.operation();
        return new Capsule(required(id, "id", operation), CapsuleStatus.fromWire(status), template, vcpus, memoryMb,
                Duration.ofSeconds(timeoutSec), emptyToNull(guestIp), emptyToNull(hostIp), metadata,
                instant(createdAt, operation), instant(startedAt, operation), instant(lastActiveAt, operation),
                instant(lastUpdated, operation));
    }

    private static List<ProcessInfo> processList(JsonReader in) {
        List<ProcessInfo> processes = List.of();
        in.startObject("process list");
        for (String name; (name = in.nextField()) != null; ) {
            if (name.equals("processes")) {
                processes = in.array("process", Json::process);
            } else {
                in.skip();
            }
        }
        return processes;
    }

    private static ProcessInfo process(JsonReader in) {
        Long pid = null;
        String tag = null;
        String cmd = null;
        List<String> args = null;
        in.startObject("process");
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "pid" -> pid = in.number(name);
                case "tag" -> tag = in.string(name);
                case "cmd" -> cmd = in.string(name);
                case "args" -> args = in.strings(name);
                default -> in.skip();
            }
        }
        String operation = in.operation();
        return new ProcessInfo(validPid(pid, operation), tag, required(cmd, "cmd", operation), args);
    }

    record ExecResult(String stdout, String stderr, Integer exitCode, long durationMs, String encoding) {
        int checkedExitCode(String operation) {
            return required(exitCode, "exit_code", operation);
        }
    }

    private static ExecResult execResult(JsonReader in) {
        String stdout = null;
        String stderr = null;
        String encoding = null;
        Integer exitCode = null;
        long durationMs = 0;
        in.startObject("exec result");
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "stdout" -> stdout = in.string(name);
                case "stderr" -> stderr = in.string(name);
                case "encoding" -> encoding = in.string(name);
                case "exit_code" -> exitCode = in.isNull() ? null : in.intOrZero(name);
                case "duration_ms" -> durationMs = in.longOrZero(name);
                default -> in.skip();
            }
        }
        return new ExecResult(stdout, stderr, exitCode, durationMs, encoding);
    }

    record BackgroundStarted(Long pid, String tag) {
        /** The PID, checked: a missing or out-of-range PID could select nothing. */
        long checkedPid(String operation) {
            return validPid(pid, operation);
        }
    }

    private static BackgroundStarted backgroundStarted(JsonReader in) {
        Long pid = null;
        String tag = null;
        in.startObject("start reply");
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "pid" -> pid = in.number(name);
                case "tag" -> tag = in.string(name);
                default -> in.skip();
            }
        }
        return new BackgroundStarted(pid, tag);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static Instant instant(String text, String operation) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(operation, "unreadable timestamp '" + ErrorMapper.redact(text) + "'");
        }
    }
}
