package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link Processes#stop}: SIGTERM once attached, SIGKILL after the grace period, and the exit code. */
class GracefulStopTest extends EmulatorFixture {

    @Test
    void aProcessThatHandlesSigtermReportsItsOwnExitCode() {
        Processes processes = client.processes(runningCapsule());
        BackgroundProcess web = processes.start(Command.shell(
                "trap 'exit 3' TERM; while :; do echo ready; sleep 0.1; done").withTag("web")).block();
        awaitOutput(web);   // the trap is set before the first line

        StepVerifier.create(processes.stop(ProcessSelector.tag("web"), Duration.ofMinutes(1)))
                .expectNext(3)
                .verifyComplete();
        assertNotListed(processes, web);
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledWhenTheGraceRunsOut() {
        Processes processes = client.processes(runningCapsule());
        BackgroundProcess stubborn = processes.start(Command.shell(
                "trap '' TERM; while :; do echo ready; sleep 0.1; done")).block();
        awaitOutput(stubborn);

        StepVerifier.create(stubborn.stop(Duration.ZERO))
                .expectNext(-1)
                .verifyComplete();
        assertNotListed(processes, stubborn);
    }

    @Test
    void aProcessThatExitsAsSoonAsItIsSignalledIsNotMissed() {
        Processes processes = client.processes(runningCapsule());
        // Exits on SIGTERM before the shell can run anything else: the exit races the signal's answer.
        BackgroundProcess quick = processes.start(Command.of("sleep", "600")).block();

        StepVerifier.create(quick.stop(Duration.ofMinutes(1)))
                .expectNext(-1)
                .verifyComplete();
    }

    @Test
    void stoppingAnUnknownProcessIsNotFound() {
        Processes processes = client.processes(runningCapsule());

        StepVerifier.create(processes.stop(ProcessSelector.tag("nobody"), Duration.ofSeconds(1)))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void argumentsAreCheckedWhenCalled() {
        Processes processes = client.processes("cap-00000000");

        assertThatThrownBy(() -> processes.stop(ProcessSelector.pid(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
        assertThatThrownBy(() -> processes.stop(ProcessSelector.pid(1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
        assertThatThrownBy(() -> processes.stop(null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector");
    }

    private static void awaitOutput(BackgroundProcess process) {
        process.connect().ofType(ProcessEvent.Stdout.class).blockFirst(Duration.ofSeconds(30));
    }

    /**
     * The exit frame and the process list are separate paths of the service: the list may still show the
     * process for a moment after its exit arrived.
     */
    private static void assertNotListed(Processes processes, BackgroundProcess process) {
        Await.until("process " + process.pid() + " is no longer listed", () ->
                processes.list().collectList().block(Duration.ofSeconds(30)).stream()
                        .noneMatch(info -> info.pid() == process.pid()));
    }
}
