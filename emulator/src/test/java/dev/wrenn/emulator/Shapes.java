package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The JSON schemas of {@code openapi.yaml} the emulator answers with: field names and value types. */
final class Shapes {

    enum Kind { STRING, TIMESTAMP, INTEGER, BOOLEAN, STRING_ARRAY, OBJECT, ARRAY }

    /** {@code guest_ip}, {@code started_at}, {@code last_active_at} and {@code metadata} are left out when unset. */
    static final Map<String, Kind> CAPSULE = Map.ofEntries(
            Map.entry("id", Kind.STRING), Map.entry("status", Kind.STRING), Map.entry("template", Kind.STRING),
            Map.entry("vcpus", Kind.INTEGER), Map.entry("memory_mb", Kind.INTEGER),
            Map.entry("timeout_sec", Kind.INTEGER), Map.entry("guest_ip", Kind.STRING),
            Map.entry("host_ip", Kind.STRING), Map.entry("created_at", Kind.TIMESTAMP),
            Map.entry("started_at", Kind.TIMESTAMP), Map.entry("last_active_at", Kind.TIMESTAMP),
            Map.entry("last_updated", Kind.TIMESTAMP), Map.entry("metadata", Kind.OBJECT));
    static final Set<String> CAPSULE_REQUIRED = Set.of("id", "status", "template", "vcpus", "memory_mb", "timeout_sec",
            "host_ip", "created_at", "last_updated");

    static final Map<String, Kind> EXEC_RESPONSE = Map.of(
            "sandbox_id", Kind.STRING, "cmd", Kind.STRING, "stdout", Kind.STRING, "stderr", Kind.STRING,
            "exit_code", Kind.INTEGER, "duration_ms", Kind.INTEGER, "encoding", Kind.STRING);

    static final Map<String, Kind> BACKGROUND_EXEC_RESPONSE = Map.of(
            "sandbox_id", Kind.STRING, "cmd", Kind.STRING, "pid", Kind.INTEGER, "tag", Kind.STRING);

    static final Map<String, Kind> PROCESS_LIST = Map.of("processes", Kind.ARRAY);

    /** {@code tag} and {@code args} are optional: left out when empty. */
    static final Map<String, Kind> PROCESS_ENTRY = Map.of(
            "pid", Kind.INTEGER, "tag", Kind.STRING, "cmd", Kind.STRING, "args", Kind.STRING_ARRAY);
    static final Set<String> PROCESS_ENTRY_REQUIRED = Set.of("pid", "cmd");

    static final Map<String, Kind> ERROR = Map.of("error", Kind.OBJECT);
    static final Map<String, Kind> ERROR_DETAIL = Map.of("code", Kind.STRING, "message", Kind.STRING);

    private Shapes() {
    }

    /** Exactly these fields, each of its kind. */
    static void assertShape(JsonNode node, Map<String, Kind> fields) {
        assertShape(node, fields, fields.keySet());
    }

    /** Only these fields, the required ones present, each of its kind. */
    static void assertShape(JsonNode node, Map<String, Kind> fields, Set<String> required) {
        assertThat(node.isObject()).as("an object: " + node).isTrue();
        assertThat(fields.keySet()).as("known fields of " + node).containsAll(node.propertyNames());
        assertThat(node.propertyNames()).as("fields of " + node).containsAll(required);
        fields.forEach((name, kind) -> {
            if (node.has(name)) {
                assertKind(name, node.get(name), kind);
            }
        });
    }

    /** A plain-text answer as Go's {@code http.Error} writes it. */
    static void assertPlainText(TestApi.Response response, int status, String text) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo(text + "\n");
    }

    /** An error body with the given code and message, written as a JSON line. */
    static void assertError(TestApi.Response response, int status, String code, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body()).endsWith("}\n");
        JsonNode body = response.json();
        assertShape(body, ERROR);
        assertShape(body.get("error"), ERROR_DETAIL);
        assertThat(body.get("error").get("code").asString()).isEqualTo(code);
        if (message != null) {
            assertThat(body.get("error").get("message").asString()).isEqualTo(message);
        }
    }

    private static void assertKind(String name, JsonNode value, Kind kind) {
        String what = name + " = " + value;
        switch (kind) {
            case STRING -> assertThat(value.isString()).as(what).isTrue();
            case TIMESTAMP -> assertTimestamp(what, value);
            case INTEGER -> assertThat(value.isIntegralNumber()).as(what).isTrue();
            case BOOLEAN -> assertThat(value.isBoolean()).as(what).isTrue();
            case OBJECT -> assertThat(value.isObject()).as(what).isTrue();
            case ARRAY -> assertThat(value.isArray()).as(what).isTrue();
            case STRING_ARRAY -> {
                assertThat(value.isArray()).as(what).isTrue();
                value.forEach(item -> assertThat(item.isString()).as(what).isTrue());
            }
        }
    }

    /** A capsule: the fields it may have, the ones it must have. */
    static void assertCapsule(JsonNode node) {
        assertShape(node, CAPSULE, CAPSULE_REQUIRED);
    }

    /** RFC 3339 in UTC, whole seconds (Go's {@code time.RFC3339}). */
    private static void assertTimestamp(String what, JsonNode value) {
        assertThat(value.isString()).as(what).isTrue();
        assertThat(value.asString()).as(what).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(value.asString())).as(what).isNotNull();
    }
}
