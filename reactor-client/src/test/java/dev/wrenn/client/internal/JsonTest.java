package dev.wrenn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.WrennProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static String written(Json.Body body) {
        return new String(Json.write(body), StandardCharsets.UTF_8);
    }

    private static List<ProcessInfo> processes(String body) {
        return Json.processes(body.getBytes(StandardCharsets.UTF_8), "list");
    }

    @Test
    void requestBodiesAreSnakeCaseAndLeaveOutAbsentFields() {
        assertThat(written(Json.CreateCapsuleRequest.of(CapsuleSpec.defaults().withMemoryMb(1024)
                .withInactivityTimeout(Duration.ofMinutes(2)))))
                .isEqualTo("{\"memory_mb\":1024,\"timeout_sec\":120}");
        assertThat(written(Json.ExecRequest.background(Command.of("python", "-u", "<app>.py").withTag("web")
                .withEnv("A", "1"))))
                .isEqualTo("{\"cmd\":\"python\",\"args\":[\"-u\",\"<app>.py\"],\"background\":true,\"tag\":\"web\","
                        + "\"envs\":{\"A\":\"1\"}}");
        assertThat(new String(Json.StreamStart.of(Command.of("ls")), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"start\",\"cmd\":\"ls\",\"args\":[]}");
    }

    @Test
    void unknownFieldsAreSkippedWithEverythingInsideThem() {
        assertThat(processes("{\"next\":{\"processes\":[1]},\"processes\":[{\"pid\":7,\"cmd\":\"sh\",\"x\":[{}],"
                + "\"args\":[\"-c\"]}],\"more\":[[],{}]}"))
                .containsExactly(new ProcessInfo(7, null, "sh", List.of("-c")));
    }

    @Test
    void aValueOfTheWrongTypeIsAProtocolErrorNamingTheField() {
        assertThatThrownBy(() -> processes("{\"processes\":[{\"pid\":7,\"cmd\":{\"x\":1}}]}"))
                .isExactlyInstanceOf(WrennProtocolException.class).hasMessageContaining("'cmd' is not a string");
        assertThatThrownBy(() -> processes("{\"processes\":[{\"pid\":true,\"cmd\":\"sh\"}]}"))
                .isExactlyInstanceOf(WrennProtocolException.class).hasMessageContaining("'pid' is not a number");
        assertThatThrownBy(() -> processes("{\"processes\":[]} {}"))
                .isExactlyInstanceOf(WrennProtocolException.class).hasMessageContaining("trailing content");
        assertThatThrownBy(() -> processes("{\"processes\":[}"))
                .isExactlyInstanceOf(WrennProtocolException.class).hasMessageContaining("not the expected JSON");
    }
}
