package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.junit.WrennEmulatorTest;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WrennEmulatorTest
class PipelineTest {

    private final CapturedOutput output = new CapturedOutput();

    @Test
    @Timeout(90)
    void parsesFiltersBatchesAndTotalsTheReadings(WrennClient client) {
        int[] kept = IntStream.rangeClosed(1, Pipeline.READINGS)
                .map(i -> (i * 37) % 101 - 10)
                .filter(value -> value >= 0)
                .toArray();

        Pipeline.Summary summary = new Pipeline(client, output.out).run().block(Duration.ofSeconds(80));

        assertThat(summary.readings()).isEqualTo(kept.length);
        assertThat(summary.sum()).isEqualTo(IntStream.of(kept).asLongStream().sum());
        assertThat(summary.max()).isEqualTo(IntStream.of(kept).max().orElseThrow());
        assertThat(summary.batches()).isEqualTo((kept.length + Pipeline.BATCH_SIZE - 1) / Pipeline.BATCH_SIZE);
        assertThat(output.printed()).contains("stored batch: 50 readings");
    }

    @Test
    void parsesOnlyWellFormedReadings() {
        assertThat(Pipeline.Reading.parse("7,sensor-1,42")).contains(new Pipeline.Reading(7, "sensor-1", 42));
        assertThat(Pipeline.Reading.parse("id,sensor,value")).isEmpty();
        assertThat(Pipeline.Reading.parse("# recalibrating")).isEmpty();
        assertThat(Pipeline.Reading.parse("251,sensor-2,")).isEmpty();
        assertThat(Pipeline.Reading.parse("8,sensor-1,x")).isEmpty();
    }
}
