package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PipelineTest {

    private static final EmulatorFixture fixture = new EmulatorFixture();

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    @Timeout(30)
    void parsesFiltersBatchesAndTotalsTheReadings() {
        int[] kept = IntStream.rangeClosed(1, Pipeline.READINGS)
                .map(i -> (i * 37) % 101 - 10)
                .filter(value -> value >= 0)
                .toArray();

        Pipeline.Summary summary = new Pipeline(fixture.client, fixture.out).run().block(Duration.ofSeconds(25));

        assertThat(summary.readings()).isEqualTo(kept.length);
        assertThat(summary.sum()).isEqualTo(IntStream.of(kept).asLongStream().sum());
        assertThat(summary.max()).isEqualTo(IntStream.of(kept).max().orElseThrow());
        assertThat(summary.batches()).isEqualTo((kept.length + Pipeline.BATCH_SIZE - 1) / Pipeline.BATCH_SIZE);
        assertThat(fixture.printed()).contains("stored batch: 50 readings");
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
