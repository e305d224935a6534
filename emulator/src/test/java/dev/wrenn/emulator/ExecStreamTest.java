package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static dev.wrenn.emulator.HostProcesses.awaitGone;
import static dev.wrenn.emulator.HostProcesses.gated;
import static dev.wrenn.emulator.HostProcesses.isRunning;
import static dev.wrenn.emulator.HostProcesses.openGate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ExecStreamTest {

    private static WrennEmulator emulator;
    private static TestApi api;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).websocketAuthTimeout(Duration.ofMillis(300)).start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void startRunsTheProcessAndStreamsAllItsOutputThenTheExit() {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sh", "args", List.of("-c", "echo hi; echo oops >&2; exit 4")));

            JsonNode started = stream.nextJson();
            assertThat(started.propertyNames()).containsExactly("type", "pid");
            assertThat(started.get("type").asString()).isEqualTo("start");
            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.data("stdout")).isEqualTo("hi\n");
            assertThat(rest.data("stderr")).isEqualTo("oops\n");
            assertThat(rest.texts().get(rest.texts().size() - 1).raw()).isEqualTo("{\"type\":\"exit\",\"exit_code\":4}\n");
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
    }

    @Test
    void theProcessIsListedWhileItRunsAndTheStartMessagesTagEnvsAndCwdAreIgnored() throws Exception {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sh", "args", List.of("-c", gated("pwd; echo \"[$COLOUR]\"")),
                    "tag", "streamed", "cwd", "/work", "envs", Map.of("COLOUR", "teal"), "timeout_sec", 1));
            long pid = stream.nextJson().get("pid").asLong();

            TestApi.Response listed = api.get("/v1/capsules/" + id + "/processes");
            assertThat(listed.json().get("processes")).singleElement()
                    .satisfies(entry -> assertThat(entry.propertyNames()).containsExactly("pid", "cmd", "args"))
                    .satisfies(entry -> assertThat(entry.get("pid").asLong()).isEqualTo(pid));
            openGate(api.capsuleDir(id));

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.data("stdout")).isEqualTo(api.capsuleDir(id).toRealPath() + "\n[]\n");
            assertThat(rest.last().get("exit_code").asInt()).isZero();
        }
    }

    @Test
    void stopOnlyDetachesTheProcessKeepsRunningAndCanBeAttachedToAndKilledByItsPid() {
        String id = api.createCapsule();
        long pid;
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("30")));
            pid = stream.nextJson().get("pid").asLong();

            stream.send("{\"type\":\"stop\"}");

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.texts()).as("no exit and no error after stop").isEmpty();
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
        assertThat(isRunning(pid)).isTrue();
        assertThat(api.listedPids(id)).containsExactly(pid);
        try (StreamClient attached = StreamClient.connect(emulator,
                "/v1/capsules/" + id + "/processes/" + pid + "/stream", emulator.apiKey())) {
            assertThat(attached.nextJson().get("pid").asLong()).isEqualTo(pid);

            assertThat(api.delete("/v1/capsules/" + id + "/processes/" + pid).status()).isEqualTo(204);

            assertThat(attached.readToEnd().last().get("exit_code").asInt()).isEqualTo(-1);
        }
        awaitGone(pid);
    }

    @Test
    void closingTheSocketDetachesAndTheProcessKeepsRunning() {
        String id = api.createCapsule();
        int before = emulator.openStreamCount();
        StreamClient stream = execStream(id);
        stream.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("30")));
        long pid = stream.nextJson().get("pid").asLong();

        stream.abort();

        await("the server to release the stream", () -> emulator.openStreamCount() == before);
        assertThat(isRunning(pid)).isTrue();
        assertThat(api.listedPids(id)).containsExactly(pid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json|failed to read start message: ",
            "{\"type\":\"start\",\"cmd\":\"ls\",\"args\":\"-l\"}|failed to read start message: ",
            "{\"type\":\"start\"}|first message must be type 'start' with a 'cmd' field",
            "{\"type\":\"start\",\"cmd\":\"\"}|first message must be type 'start' with a 'cmd' field",
            "{\"type\":\"stop\"}|first message must be type 'start' with a 'cmd' field",
            "{\"cmd\":\"ls\"}|first message must be type 'start' with a 'cmd' field"})
    void aFirstMessageThatIsNotAValidStartGetsTheUpstreamErrorFrame(String message, String error) {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(message);

            StreamClient.Received received = stream.readToEnd();

            assertThat(received.messages()).hasSize(1);
            assertThat(received.last().get("type").asString()).isEqualTo("error");
            assertThat(received.last().get("data").asString()).startsWith(error);
            assertThat(received.end()).isInstanceOf(StreamClient.Dropped.class);
        }
        assertThat(api.listedPids(id)).isEmpty();
    }

    @Test
    void unknownOrPausedCapsulesGetAnErrorFrameBeforeAnyStart() {
        assertFirstFrame(execStream("cl-" + "4".repeat(25)), "sandbox not found");

        String id = api.createCapsule();
        api.post("/v1/capsules/" + id + "/pause", null);
        assertFirstFrame(execStream(id), "sandbox is not running (status: paused)");
    }

    @Test
    void aMissingKeyFailsInBandAfterTheAuthWaitAndStartsNothing() {
        String id = api.createCapsule();
        try (StreamClient stream = StreamClient.connect(emulator, "/v1/capsules/" + id + "/exec/stream", null)) {
            long started = System.nanoTime();

            assertThat(stream.readToEnd().texts()).extracting(StreamClient.Text::raw)
                    .containsExactly("{\"type\":\"error\",\"data\":\"authentication failed\"}\n");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        assertThat(api.listedPids(id)).isEmpty();
    }

    private static StreamClient execStream(String capsuleId) {
        return StreamClient.connect(emulator, "/v1/capsules/" + capsuleId + "/exec/stream", emulator.apiKey());
    }

    private static void assertFirstFrame(StreamClient stream, String error) {
        try (stream) {
            StreamClient.Received received = stream.readToEnd();
            assertThat(received.texts()).extracting(StreamClient.Text::raw)
                    .containsExactly(TestApi.json("type", "error", "data", error) + "\n");
            assertThat(received.end()).isInstanceOf(StreamClient.Dropped.class);
        }
    }
}
