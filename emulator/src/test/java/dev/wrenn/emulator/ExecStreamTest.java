package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static dev.wrenn.emulator.HostProcesses.awaitGone;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
            assertThat(rest.texts().get(rest.texts().size() - 1).raw()).isEqualTo("{\"type\":\"exit\",\"exit_code\":4}");
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
    }

    @Test
    void theProcessIsListedWhileItRuns() {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("30"), "tag", "streamed"));
            long pid = stream.nextJson().get("pid").asLong();

            TestApi.Response listed = api.get("/v1/capsules/" + id + "/processes");

            assertThat(listed.body()).contains("{\"pid\":" + pid + ",\"tag\":\"streamed\",\"cmd\":\"sleep\",\"args\":[\"30\"]}");
            assertThat(HostProcesses.isRunning(pid)).isTrue();
        }
    }

    @Test
    void stopKillsTheProcessTreeAndClosesWithoutExitOrError() {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sh", "args", List.of("-c", "sleep 1000 & echo $!; wait")));
            long pid = stream.nextJson().get("pid").asLong();
            long child = Long.parseLong(stream.nextJson().get("data").asString().trim());

            stream.send("{\"type\":\"stop\"}");

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.texts()).as("no exit and no error after stop").isEmpty();
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
            awaitGone(pid);
            awaitGone(child);
            await("the process to leave the list", () -> !api.listedPids(id).contains(pid));
        }
    }

    @Test
    void closingTheSocketKillsTheProcess() {
        String id = api.createCapsule();
        int before = emulator.openStreamCount();
        StreamClient stream = execStream(id);
        stream.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("30")));
        long pid = stream.nextJson().get("pid").asLong();

        stream.abort();

        awaitGone(pid);
        await("the server to release the stream", () -> emulator.openStreamCount() == before);
        await("the process to leave the list", () -> !api.listedPids(id).contains(pid));
    }

    @Test
    void envsAndCwdAreHonoured() throws Exception {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sh", "args", List.of("-c", "pwd; echo \"$COLOUR\""),
                    "cwd", "/work", "envs", Map.of("COLOUR", "teal")));
            stream.nextJson();

            assertThat(stream.readToEnd().data("stdout"))
                    .isEqualTo(api.capsuleDir(id).toRealPath().resolve("work") + "\nteal\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"type\":\"start\"}", "{\"type\":\"start\",\"cmd\":\" \"}", "{\"type\":\"stop\"}",
            "{\"cmd\":\"ls\"}", "{\"type\":\"start\",\"cmd\":\"ls\",\"args\":\"-l\"}"})
    void aFirstMessageThatIsNotAValidStartGetsAnErrorFrame(String message) {
        String id = api.createCapsule();
        try (StreamClient stream = execStream(id)) {
            stream.send(message);

            StreamClient.Received received = stream.readToEnd();

            assertThat(received.messages()).hasSize(1);
            assertThat(received.last().get("type").asString()).isEqualTo("error");
            assertThat(received.last().get("data").asString()).isNotBlank();
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
                    .containsExactly("{\"type\":\"error\",\"data\":\"authentication failed\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        assertThat(api.listedPids(id)).isEmpty();
    }

    @Test
    void aTagInUseIsReportedAsAnErrorFrame() {
        String id = api.createCapsule();
        api.startBackground(id, "sleep 30", "tag", "busy");
        try (StreamClient stream = execStream(id)) {
            stream.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("30"), "tag", "busy"));

            StreamClient.Received received = stream.readToEnd();

            assertThat(received.last().get("type").asString()).isEqualTo("error");
            assertThat(received.last().get("data").asString()).contains("busy");
        }
        assertThat(api.listedPids(id)).hasSize(1);
    }

    private static StreamClient execStream(String capsuleId) {
        return StreamClient.connect(emulator, "/v1/capsules/" + capsuleId + "/exec/stream", emulator.apiKey());
    }

    private static void assertFirstFrame(StreamClient stream, String error) {
        try (stream) {
            StreamClient.Received received = stream.readToEnd();
            assertThat(received.texts()).extracting(StreamClient.Text::raw)
                    .containsExactly(TestApi.json("type", "error", "data", error));
            assertThat(received.end()).isInstanceOf(StreamClient.Dropped.class);
        }
    }
}
