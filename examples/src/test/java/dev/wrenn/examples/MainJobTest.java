package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MainJobTest {

    private static final EmulatorFixture fixture = new EmulatorFixture();

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    @Timeout(30)
    void runsEveryStepAndLeavesNothingBehind() {
        new MainJob(fixture.client, fixture.out).run().block(Duration.ofSeconds(25));

        String printed = fixture.printed();
        assertThat(printed).containsSubsequence(
                "Creating a capsule",
                "is RUNNING",
                "Started /bin/sh in the background",
                "Processes in the capsule:",
                "tag ticker",
                "Attaching to ticker",
                "  | ticker: line",
                "Seen 5 lines: sending SIGTERM to tag ticker.",
                "  | ticker: got SIGTERM, goodbye",
                "Process ticker exited with code 0.",
                "Destroying capsule",
                "Capsule destroyed.");
        assertThat(fixture.client.capsules().list().collectList().block(Duration.ofSeconds(5))).isEmpty();
        assertThat(fixture.emulator.runningProcessCount()).isZero();
    }

    /** The way the README runs it: its own JVM, its own emulator, exit status 0. */
    @Test
    @Timeout(60)
    void exitsWithStatusZeroAsAnApplication() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                MainJob.class.getName()).redirectErrorStream(true);
        builder.environment().remove("WRENN_API_KEY");
        builder.environment().remove("WRENN_BASE_URL");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(50, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).containsSubsequence("MainJob: running against a local emulator", "  | ticker: line",
                "sending SIGTERM", "exited with code 0", "Capsule destroyed.", "MainJob: done");
    }
}
