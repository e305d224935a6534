package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OrchestratorTest {

    private static final EmulatorFixture fixture = new EmulatorFixture();

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    @Timeout(40)
    void watchesEveryProcessAndStopsTheStragglers() {
        // 25 workers: 22 finish by themselves, workers 9 and 19 need SIGTERM, worker 24 ignores it and needs SIGKILL.
        Orchestrator.Settings settings = new Orchestrator.Settings(25, Duration.ofSeconds(4), Duration.ofSeconds(1));

        Orchestrator.Summary summary = new Orchestrator(fixture.client, settings, fixture.out).run()
                .block(Duration.ofSeconds(35));

        assertThat(summary.started()).isEqualTo(25);
        assertThat(summary.attached()).isEqualTo(25);
        assertThat(summary.exited()).isEqualTo(25);
        assertThat(summary.lost()).isZero();
        assertThat(summary.terminated()).isEqualTo(3);
        assertThat(summary.killed()).isEqualTo(1);
        assertThat(summary.lines()).isGreaterThanOrEqualTo(22 * 4);

        String printed = fixture.printed();
        assertThat(printed).contains("/worker-000 | step 1 of 3", "/worker-009 | still working",
                "/worker-009 | stopping early", "/worker-024 | stubborn: ignoring SIGTERM",
                "Deadline passed: sending SIGTERM to 3 stragglers", "Sending SIGKILL to 1 that are still running",
                "-- progress:");
        assertThat(fixture.emulator.runningProcessCount()).isZero();
        assertThat(fixture.emulator.openStreamCount()).isZero();
        assertThat(fixture.client.capsules().list().collectList().block(Duration.ofSeconds(5))).isEmpty();
    }
}
