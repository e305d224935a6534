package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import dev.wrenn.emulator.junit.WrennEmulatorTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WrennEmulatorTest
class MainJobTest {

    private final CapturedOutput output = new CapturedOutput();

    @Test
    @Timeout(90)
    void runsEveryStepAndLeavesNothingBehind(WrennClient client, WrennEmulator emulator) {
        new MainJob(client, output.out).run().block(Duration.ofSeconds(80));

        String printed = output.printed();
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
        assertThat(client.capsules().list().collectList().block(Duration.ofSeconds(30))).isEmpty();
        Eventually.await("every process to end", () -> emulator.runningProcessCount() == 0);
    }

    /** The way the README runs it: its own JVM, its own emulator, exit status 0. */
    @Test
    @Timeout(120)
    void exitsWithStatusZeroAsAnApplication() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                MainJob.class.getName()).redirectErrorStream(true);
        builder.environment().remove("WRENN_API_KEY");
        builder.environment().remove("WRENN_BASE_URL");
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(100, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).containsSubsequence("MainJob: running against a local emulator", "  | ticker: line",
                "sending SIGTERM", "exited with code 0", "Capsule destroyed.", "MainJob: done");
    }
}
