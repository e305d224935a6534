package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import dev.wrenn.emulator.junit.WrennEmulatorTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WrennEmulatorTest
class OrchestratorTest {

    private final CapturedOutput output = new CapturedOutput();

    @Test
    @Timeout(120)
    void watchesEveryProcessFromItsFirstLineAndStopsTheStragglers(WrennClient client, WrennEmulator emulator) {
        // 25 workers: 22 finish by themselves within two seconds of their release, workers 9 and 19 need SIGTERM,
        // worker 24 ignores it and needs SIGKILL. The deadline only bounds the test's length: however slow the
        // machine, no worker starts before it is watched.
        Orchestrator.Settings settings = new Orchestrator.Settings(25, Duration.ofSeconds(4), Duration.ofSeconds(2));

        Orchestrator.Summary summary = new Orchestrator(client, settings, output.out).run()
                .block(Duration.ofSeconds(110));

        assertThat(summary.started()).isEqualTo(25);
        assertThat(summary.attached()).isEqualTo(25);
        assertThat(summary.exited()).isEqualTo(25);
        assertThat(summary.lost()).isZero();
        assertThat(summary.terminated()).isEqualTo(3);
        assertThat(summary.killed()).isEqualTo(1);

        String printed = output.printed();
        List<Integer> finishers = IntStream.range(0, 25).filter(i -> i % 10 != 9 && i % 25 != 24).boxed().toList();
        assertThat(finishers).hasSize(22).allSatisfy(i -> assertThat(printed).containsSubsequence(
                "/" + Orchestrator.tag(i) + " | step 1 of 3", "/" + Orchestrator.tag(i) + " | done"));
        assertThat(summary.lines()).isGreaterThanOrEqualTo(22 * 4);
        assertThat(printed).contains("/worker-009 | still working", "/worker-009 | stopping early",
                "/worker-024 | stubborn: ignoring SIGTERM", "Deadline passed: sending SIGTERM to 3 stragglers",
                "Sending SIGKILL to 1 that are still running", "-- progress:");
        Eventually.await("every process to end", () -> emulator.runningProcessCount() == 0);
        Eventually.await("every stream to close", () -> emulator.openStreamCount() == 0);
        assertThat(client.capsules().list().collectList().block(Duration.ofSeconds(30))).isEmpty();
    }
}
