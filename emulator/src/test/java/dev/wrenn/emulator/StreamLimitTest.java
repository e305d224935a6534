package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.isRunning;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upstream's 10-minute limit on a stream, shortened here; the assertions are on frames, not on timing. */
class StreamLimitTest {

    private static final String DEADLINE_FRAME = TestApi.json("type", "error", "data",
            "deadline_exceeded: context deadline exceeded (Client.Timeout or context cancellation while reading body)")
            + "\n";

    private static WrennEmulator emulator;
    private static TestApi api;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).streamLimit(Duration.ofSeconds(1)).start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void anAttachmentIsCutAfterTheLimitWithTheDeadlineErrorWhileTheProcessKeepsRunning() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();

        try (StreamClient stream = StreamClient.connect(emulator,
                "/v1/capsules/" + id + "/processes/" + pid + "/stream", emulator.apiKey())) {
            assertThat(stream.nextJson().get("type").asString()).isEqualTo("start");

            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.texts()).extracting(StreamClient.Text::raw).containsExactly(DEADLINE_FRAME);
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
        assertThat(isRunning(pid)).isTrue();
        assertThat(api.listedPids(id)).containsExactly(pid);
    }

    @Test
    void anExecStreamIsCutAfterTheLimitWithTheDeadlineErrorWhileTheProcessKeepsRunning() {
        String id = api.createCapsule();
        try (StreamClient stream = StreamClient.connect(emulator, "/v1/capsules/" + id + "/exec/stream",
                emulator.apiKey())) {
            stream.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("30")));
            long pid = stream.nextJson().get("pid").asLong();

            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.texts()).extracting(StreamClient.Text::raw).containsExactly(DEADLINE_FRAME);
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
            assertThat(isRunning(pid)).isTrue();
            assertThat(api.listedPids(id)).containsExactly(pid);
        }
    }
}
