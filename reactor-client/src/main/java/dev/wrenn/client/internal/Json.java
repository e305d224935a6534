package dev.wrenn.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.CapsuleStatus;
import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST wire format: one shared mapper and the request and response shapes of the API, converted to and
 * from the public types here so that Jackson never shows in the public API.
 */
public final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    /**
     * Readers built once, when this class loads: building a deserializer takes a lock inside Jackson, which
     * must never happen on an event loop, where responses are decoded.
     */
    static final ObjectReader ERROR = MAPPER.readerFor(ErrorBody.class);
    static final ObjectReader CAPSULE = MAPPER.readerFor(CapsuleBody.class);
    static final ObjectReader CAPSULES = MAPPER.readerFor(CapsuleBody[].class);
    static final ObjectReader PROCESSES = MAPPER.readerFor(ProcessList.class);
    static final ObjectReader EXEC_RESULT = MAPPER.readerFor(ExecResult.class);
    static final ObjectReader BACKGROUND_STARTED = MAPPER.readerFor(BackgroundStarted.class);

    private Json() {
    }

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Reads a response body; anything that does not parse is the service breaking the contract. */
    static <T> T read(byte[] body, ObjectReader reader, String operation) {
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw malformed(operation, "empty response body");
            }
            return value;
        } catch (JacksonException e) {
            throw new ProtocolException(operation + ": response is not the expected JSON ("
                    + ErrorMapper.redact(e.getOriginalMessage()) + ")", 0, null, null, ErrorMapper.safeCause(e));
        }
    }

    static ProtocolException malformed(String operation, String what) {
        return new ProtocolException(operation + ": malformed response: " + what, 0, null, null, null);
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

    /** The elements of a JSON array, each converted; a null element is malformed. */
    static <B, T> List<T> each(List<B> bodies, String what, String operation, Function<B, T> convert) {
        if (bodies == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(bodies.size());
        for (B body : bodies) {
            out.add(convert.apply(required(body, what, operation)));
        }
        return out;
    }

    private static List<String> strings(List<String> values, String field, String operation) {
        if (values != null && values.contains(null)) {
            throw malformed(operation, "'" + field + "' holds null");
        }
        return values;
    }

    // ---- shapes of the API ----

    record ErrorBody(ErrorDetail error) {
    }

    record ErrorDetail(String code, String message) {
    }

    record CreateCapsuleRequest(String template, Integer vcpus, Integer memoryMb, Long timeoutSec) {
        static CreateCapsuleRequest of(CapsuleSpec spec) {
            Duration timeout = spec.inactivityTimeout();
            return new CreateCapsuleRequest(spec.template(), spec.vcpus(), spec.memoryMb(),
                    timeout == null ? null : timeout.toSeconds());
        }
    }

    record CapsuleBody(String id, String status, String template, int vcpus, int memoryMb, long timeoutSec,
                       String guestIp, String hostIp, Map<String, String> metadata, String createdAt,
                       String startedAt, String lastActiveAt, String lastUpdated) {
        Capsule toCapsule(String operation) {
            if (metadata != null && metadata.containsValue(null)) {
                throw malformed(operation, "'metadata' holds null");
            }
            return new Capsule(required(id, "id", operation), CapsuleStatus.fromWire(status), template, vcpus,
                    memoryMb, Duration.ofSeconds(timeoutSec), emptyToNull(guestIp), emptyToNull(hostIp), metadata,
                    instant(createdAt, operation), instant(startedAt, operation), instant(lastActiveAt, operation),
                    instant(lastUpdated, operation));
        }
    }

    record ProcessList(List<ProcessBody> processes) {
        List<ProcessInfo> toInfos(String operation) {
            return each(processes, "process", operation, p -> p.toInfo(operation));
        }
    }

    record ProcessBody(Long pid, String tag, String cmd, List<String> args) {
        ProcessInfo toInfo(String operation) {
            return new ProcessInfo(validPid(pid, operation), tag, required(cmd, "cmd", operation),
                    strings(args, "args", operation));
        }
    }

    record ExecRequest(String cmd, List<String> args, Boolean background, String tag, Map<String, String> envs,
                       String cwd, Long timeoutSec) {
        static ExecRequest foreground(Command c, long timeoutSec) {
            return new ExecRequest(c.program(), c.args(), null, null, null, null, timeoutSec);
        }

        static ExecRequest background(Command c) {
            return new ExecRequest(c.program(), c.args(), Boolean.TRUE, c.tag(),
                    c.env().isEmpty() ? null : c.env(), c.cwd(), null);
        }
    }

    /** The first message on {@code exec/stream}. */
    record StreamStart(String type, String cmd, List<String> args) {
        static byte[] of(Command c) {
            return write(new StreamStart("start", c.program(), c.args()));
        }
    }

    record ExecResult(String sandboxId, String cmd, String stdout, String stderr, Integer exitCode, long durationMs,
                      String encoding) {
        int checkedExitCode(String operation) {
            return required(exitCode, "exit_code", operation);
        }
    }

    record BackgroundStarted(String sandboxId, String cmd, Long pid, String tag) {
        /** The PID, checked: a missing or out-of-range PID could select nothing. */
        long checkedPid(String operation) {
            return validPid(pid, operation);
        }
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
