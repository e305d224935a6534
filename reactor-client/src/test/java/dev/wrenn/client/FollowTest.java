package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.emulator.WrennEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/** Following a process across the service's stream cuts, against an emulator that cuts every stream early. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowTest {

    private static final Duration STREAM_LIMIT = Duration.ofMillis(1500);

    private WrennEmulator emulator;
    private WrennClient client;
    private Processes processes;

    @BeforeAll
    void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).streamLimit(STREAM_LIMIT).start();
        client = WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
        processes = client.processes(client.capsules().create(CapsuleSpec.defaults())
                .flatMap(c -> client.capsules().awaitRunning(c.id(), Duration.ofSeconds(10))).block().id());
    }

    @AfterAll
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void aPlainAttachmentEndsAtTheCutWithAStreamLimitException() {
        processes.start(Command.of("sleep", "30").withTag("long-sleeper")).block();
        StepVerifier.create(processes.connect(ProcessSelector.tag("long-sleeper")))
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StreamLimitException.class)
                        .hasMessageContaining("10 minutes").hasMessageContaining("follow"))
                .verify(Duration.ofSeconds(20));
        processes.kill(ProcessSelector.tag("long-sleeper")).block();
    }

    @Test
    void followingCrossesEveryCutToTheExit() {
        // Runs until told to stop, so that it is sure to be cut at least twice; told so once two gaps were seen.
        String stopFile = Path.of(System.getProperty("java.io.tmpdir"), "stop-follower-" + UUID.randomUUID()).toString();
        processes.start(Command.shell("while [ ! -f '" + stopFile + "' ]; do echo tick; sleep 0.05; done; rm '"
                + stopFile + "'; echo bye; exit 7").withTag("follower")).block();
        List<ProcessEvent> events = new CopyOnWriteArrayList<>();
        StepVerifier.create(processes.follow(ProcessSelector.tag("follower"),
                                Retry.backoff(3, Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100)))
                        .doOnNext(events::add)
                        .doOnNext(e -> {
                            if (e instanceof ProcessEvent.Reattached
                                    && events.stream().filter(ProcessEvent.Reattached.class::isInstance).count() == 2) {
                                processes.exec(Command.of("touch", stopFile)).subscribe();
                            }
                        })
                        .filter(e -> !(e instanceof ProcessEvent.Output)))
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .expectNextMatches(e -> e instanceof ProcessEvent.Reattached r && r.reason() instanceof StreamLimitException)
                .expectNextMatches(e -> e instanceof ProcessEvent.Reattached r && r.reason() instanceof StreamLimitException)
                .expectNextMatches(e -> e instanceof ProcessEvent.Exited exited && exited.exitCode() == 7)
                .verifyComplete();
        String output = events.stream().filter(ProcessEvent.Stdout.class::isInstance)
                .map(e -> ((ProcessEvent.Stdout) e).data()).reduce("", String::concat);
        assertThat(output).contains("tick\n").endsWith("bye\n");
    }

    @Test
    void followingAProcessThatIsGoneFailsAsNotFound() {
        StepVerifier.create(processes.follow(ProcessSelector.tag("never-started")))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(Mono.defer(() -> processes.list().collectList()))
                .assertNext(list -> assertThat(list).extracting(ProcessInfo::tag).doesNotContain("never-started"))
                .verifyComplete();
    }
}
