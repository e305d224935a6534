package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.emulator.internal.StreamStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FanOutBackpressureTest {

    private static final int CAPACITY = 8;
    private static final String LINE = "0123456789abcdefghijklmnopqrstuvwxyz";

    @Test
    void aStalledSubscriberLosesTheOldestChunksWhileItsBufferStaysWithinCapacity() {
        try (WrennEmulator emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).fanOutCapacity(CAPACITY).start()) {
            TestApi api = new TestApi(emulator);
            String id = api.createCapsule();
            long pid = api.startBackground(id, "exec yes " + LINE).get("pid").asLong();
            StreamStats stats = emulator.internals().streamStats();

            try (StreamClient stalled = StreamClient.connectStalled(emulator,
                    "/v1/capsules/" + id + "/processes/" + pid + "/stream")) {
                assertThat(stalled.nextJson().get("type").asString()).isEqualTo("start");

                // The client reads nothing more: TCP and Netty's writability push back until chunks are dropped.
                await("chunks to be dropped for the stalled client", () -> stats.droppedChunks() > 0, Duration.ofSeconds(30));
                assertThat(stats.peakBacklog()).isLessThanOrEqualTo(CAPACITY);

                stalled.resume();
                for (int i = 0; i < 20; i++) {
                    JsonNode chunk = stalled.nextJson();
                    assertThat(chunk.get("type").asString()).isEqualTo("stdout");
                    assertThat(chunk.get("data").asString()).contains(LINE);
                }
                assertThat(api.delete("/v1/capsules/" + id + "/processes/" + pid).status()).isEqualTo(204);
                StreamClient.Received rest = stalled.readToEnd();

                assertThat(rest.last().get("exit_code").asInt()).as("the end is never dropped").isEqualTo(-1);
                assertThat(stats.peakBacklog()).isLessThanOrEqualTo(CAPACITY);
            }
        }
    }
}
