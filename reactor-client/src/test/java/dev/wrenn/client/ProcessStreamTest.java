package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Attaching to real processes in the emulator: the stream's semantics end to end. */
class ProcessStreamTest extends EmulatorFixture {

    /** A process that waits for an attachment, then writes to both streams and exits with 3. */
    private static Command talker(String tag) {
        return Command.shell("sleep 0.5; echo out-1; echo err-1 >&2; sleep 0.1; echo out-2; exit 3").withTag(tag);
    }

    @Test
    void attachSeesStartOutputInOrderExitThenCompletes() {
        Processes processes = client.processes(runningCapsule());
        BackgroundProcess process = processes.start(talker("talker")).block();
        ProcessSelector tag = ProcessSelector.tag("talker");
        List<ProcessEvent> events = processes.connect(tag).collectList().block(Duration.ofSeconds(10));

        assertThat(events.get(0)).isEqualTo(new ProcessEvent.Started(processes.capsuleId(), tag, process.pid()));
        assertThat(events).filteredOn(ProcessEvent.Stdout.class::isInstance).extracting(e -> ((ProcessEvent.Output) e).data())
                .containsExactly("out-1\n", "out-2\n");
        assertThat(events).filteredOn(ProcessEvent.Stderr.class::isInstance).extracting(e -> ((ProcessEvent.Output) e).data())
                .containsExactly("err-1\n");
        assertThat(events.get(events.size() - 1)).isEqualTo(new ProcessEvent.Exited(processes.capsuleId(), tag, 3));
        assertThat(events).allSatisfy(e -> assertThat(e.capsuleId()).isEqualTo(processes.capsuleId()));
    }

    @Test
    void exitFollowedByAProperCloseFrameCompletesToo() {
        try (WrennEmulator polite = WrennEmulator.builder().startupDelay(Duration.ZERO).closeFrameOnEnd(true).start()) {
            WrennClient politeClient = WrennClient.builder().baseUrl(polite.baseUrl()).apiKey(polite.apiKey()).build();
            String id = politeClient.capsules().create(CapsuleSpec.defaults())
                    .flatMap(c -> politeClient.capsules().awaitRunning(c.id(), Duration.ofSeconds(5))).block().id();
            Processes processes = politeClient.processes(id);
            processes.start(talker("polite")).block();
            StepVerifier.create(ProcessStreams.exitCode(processes.connect(ProcessSelector.tag("polite"))))
                    .expectNext(3)
                    .verifyComplete();
            politeClient.close();
        }
    }

    @Test
    void severalAttachmentsEachGetTheOutput() {
        Processes processes = client.processes(runningCapsule());
        processes.start(talker("shared")).block();
        Flux<ProcessEvent> attach = processes.connect(ProcessSelector.tag("shared"));
        List<List<ProcessEvent>> all = Flux.merge(attach.collectList(), attach.collectList(), attach.collectList())
                .collectList().block(Duration.ofSeconds(10));
        assertThat(all).hasSize(3).allSatisfy(events -> assertThat(events)
                .filteredOn(ProcessEvent.Stdout.class::isInstance).hasSize(2));
    }

    @Test
    void errorFramesOfTheRealServerBecomeTypedErrors() {
        String id = runningCapsule();
        StepVerifier.create(client.processes(id).connect(ProcessSelector.tag("no-such-process")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("not found"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(client.processes("cl-0000000000000000000000000").connect(ProcessSelector.pid(1)))
                .expectErrorSatisfies(e -> assertThat(((WrennException) e).serverMessage()).isEqualTo("sandbox not found"))
                .verify(Duration.ofSeconds(10));
        client.capsules().pause(id).block();
        StepVerifier.create(client.processes(id).connect(ProcessSelector.pid(1)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidStateException.class)
                        .hasMessageContaining("paused"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(client.processes("not-an-id").connect(ProcessSelector.pid(1)))
                .expectError(InvalidRequestException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aBadKeySurfacesAsAnAuthenticationErrorAfterTheInBandWait() {
        WrennClient wrongKey = WrennClient.builder().baseUrl(emulator.baseUrl())
                .apiKey("wrn_ffffffffffffffffffffffffffffffff").build();
        StepVerifier.create(wrongKey.processes(runningCapsule()).connect(ProcessSelector.pid(1)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AuthenticationException.class)
                        .hasMessageNotContaining("wrn_ffff"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(wrongKey.capsules().list())
                .expectErrorSatisfies(e -> assertThat(((WrennException) e).status()).isEqualTo(401))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void cancellingClosesTheSocketAndLeavesTheProcessRunning() {
        Processes processes = client.processes(runningCapsule());
        processes.start(Command.shell("while true; do echo tick; sleep 0.05; done").withTag("ticker")).block();
        StepVerifier.create(processes.connect(ProcessSelector.tag("ticker")))
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .expectNextMatches(ProcessEvent.Stdout.class::isInstance)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        await("the emulator saw the stream close", () -> emulator.openStreamCount() == 0);
        assertThat(processes.list().map(ProcessInfo::tag).collectList().block()).contains("ticker");
        processes.kill(ProcessSelector.tag("ticker")).block();
    }

    @Test
    void linesAreSplitAcrossChunksAndStreams() {
        Processes processes = client.processes(runningCapsule());
        Flux<OutputLine> lines = ProcessStreams.lines(processes.execStream(
                Command.shell("printf 'a'; sleep 0.2; printf 'b\\nc'; printf 'E1\\n' >&2; sleep 0.2; printf 'd\\n'; printf 'tail'")));
        List<OutputLine> all = lines.collectList().block(Duration.ofSeconds(10));
        assertThat(all).filteredOn(l -> l.stream() == ProcessEvent.StandardStream.STDOUT).extracting(OutputLine::text)
                .containsExactly("ab", "cd", "tail");
        assertThat(all).filteredOn(l -> l.stream() == ProcessEvent.StandardStream.STDERR).extracting(OutputLine::text)
                .containsExactly("E1");
    }

    @Test
    void execStreamRunsACommandFromItsFirstByte() {
        Processes processes = client.processes(runningCapsule());
        StepVerifier.create(ProcessStreams.collect(processes.execStream(Command.of("sh", "-c", "echo first; exit 4"))))
                .assertNext(result -> {
                    assertThat(result.stdout()).isEqualTo("first\n");
                    assertThat(result.exitCode()).isEqualTo(4);
                })
                .verifyComplete();
    }

    @Test
    void cancellingExecStreamStopsTheProcess() {
        Processes processes = client.processes(runningCapsule());
        StepVerifier.create(processes.execStream(Command.shell("while true; do echo spin; sleep 0.05; done")))
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .expectNextMatches(ProcessEvent.Stdout.class::isInstance)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        await("the process is gone", () -> processes.list().collectList().block().isEmpty());
    }

    @Test
    void destroyingTheCapsuleEndsAnAttachedStreamWithAnError() {
        String id = runningCapsule();
        Processes processes = client.processes(id);
        processes.start(Command.of("sleep", "30").withTag("sleeper")).block();
        StepVerifier.create(processes.connect(ProcessSelector.tag("sleeper")))
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .then(() -> client.capsules().destroy(id).block())
                .expectError(WrennException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void killBySigtermIsSeenAsAnExitOfMinusOne() {
        Processes processes = client.processes(runningCapsule());
        BackgroundProcess sleeper = processes.start(Command.of("sleep", "30").withTag("victim")).block();
        StepVerifier.create(sleeper.connect())
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .then(() -> sleeper.kill(ProcessSignal.SIGTERM).subscribe())
                .expectNext(new ProcessEvent.Exited(processes.capsuleId(), ProcessSelector.tag("victim"), -1))
                .verifyComplete();
        StepVerifier.create(processes.kill(ProcessSelector.tag("victim"))).expectError(NotFoundException.class).verify();
        StepVerifier.create(Mono.defer(() -> processes.list().collectList()))
                .assertNext(list -> assertThat(list).extracting(ProcessInfo::tag).doesNotContain("victim"))
                .verifyComplete();
    }
}
