package dev.wrenn.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.CapsuleStatus;
import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
                throw new ProtocolException(operation + ": empty response body", 0, null, null, null);
            }
            return value;
        } catch (JacksonException e) {
            throw new ProtocolException(operation + ": response is not the expected JSON ("
                    + e.getOriginalMessage() + ")", 0, null, null, e);
        }
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
                       String createdAt, String startedAt, String lastActiveAt, String lastUpdated) {
        Capsule toCapsule() {
            return new Capsule(id, CapsuleStatus.fromWire(status), template, vcpus, memoryMb,
                    Duration.ofSeconds(timeoutSec), instant(createdAt), instant(startedAt), instant(lastActiveAt),
                    instant(lastUpdated));
        }
    }

    /** Read straight into the public records: their components are the API's fields. */
    record ProcessList(List<ProcessInfo> processes) {
        List<ProcessInfo> orEmpty() {
            return processes == null ? List.of() : processes;
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

    record ExecResult(String sandboxId, String cmd, String stdout, String stderr, int exitCode, long durationMs,
                      String encoding) {
    }

    record BackgroundStarted(String sandboxId, String cmd, long pid, String tag) {
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProtocolException("unreadable timestamp in response: " + text, 0, null, null, e);
        }
    }
}
