package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void stringsAreEscapedLikeGoEncodingJson() {
        String json = Json.writeString(new Wire.DataFrame("stdout", "<a href=\"x\">&</a>\u2028\u2029\u001b\n\t/é\uFFFD"));

        assertThat(json).isEqualTo("{\"type\":\"stdout\",\"data\":"
                + "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\u2028\\u2029\\u001b\\n\\t/é\\ufffd\"}");
    }

    @Test
    void fieldNamesAreSnakeCaseAndUnsetOptionalFieldsAreLeftOut() {
        String json = Json.writeString(new Wire.CapsuleJson("cl-x", "pending", "minimal", 1, 512, 0, null,
                "127.0.0.1", "2025-01-01T00:00:00Z", null, null, "2025-01-01T00:00:00Z", Map.of()));

        assertThat(json).isEqualTo("{\"id\":\"cl-x\",\"status\":\"pending\",\"template\":\"minimal\",\"vcpus\":1,"
                + "\"memory_mb\":512,\"timeout_sec\":0,\"host_ip\":\"127.0.0.1\",\"created_at\":\"2025-01-01T00:00:00Z\","
                + "\"last_updated\":\"2025-01-01T00:00:00Z\"}");
    }

    @Test
    void emptyTagAndArgsAreLeftOutOfProcessEntries() {
        assertThat(Json.writeString(new Wire.ProcessEntry(7, "", "/usr/sbin/sshd", List.of())))
                .isEqualTo("{\"pid\":7,\"cmd\":\"/usr/sbin/sshd\"}");
        assertThat(Json.writeString(new Wire.ProcessEntry(42, "web", "python", List.of("-u"))))
                .isEqualTo("{\"pid\":42,\"tag\":\"web\",\"cmd\":\"python\",\"args\":[\"-u\"]}");
    }

    @Test
    void readingMatchesNamesCaseInsensitivelyAndIgnoresUnknownFields() {
        Wire.ExecRequest request = Json.read("{\"CMD\":\"ls\",\"Timeout_Sec\":5,\"extra\":{\"x\":1}}", Wire.ExecRequest.class);

        assertThat(request.cmd()).isEqualTo("ls");
        assertThat(request.timeoutSec()).isEqualTo(5);
        assertThat(request.background()).isNull();
    }

    @Test
    void readingRefusesWhatGoWouldRefuse() {
        for (String invalid : new String[]{"", "null", "{", "{\"cmd\":\"ls\"} {}", "{\"timeout_sec\":\"5\"}",
                "{\"timeout_sec\":1.5}", "{\"background\":\"true\"}", "{\"args\":\"-l\"}"}) {
            assertThatThrownBy(() -> Json.read(invalid, Wire.ExecRequest.class)).as(invalid)
                    .isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).code()).isEqualTo("invalid_request");
        }
    }
}
