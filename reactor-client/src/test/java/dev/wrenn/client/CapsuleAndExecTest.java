package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Capsule lifecycle and starting processes, against the emulator. */
class CapsuleAndExecTest extends EmulatorFixture {

    @Test
    void theWholeJob() {
        Capsules capsules = client.capsules();
        // create, wait
        Capsule created = capsules.create(CapsuleSpec.defaults().withVcpus(2).withMemoryMb(1024)).block();
        assertThat(created.status()).isIn(CapsuleStatus.PENDING, CapsuleStatus.STARTING);
        Capsule running = capsules.awaitRunning(created.id(), Duration.ofSeconds(10)).block();
        assertThat(running.status()).isEqualTo(CapsuleStatus.RUNNING);
        assertThat(running.vcpus()).isEqualTo(2);
        Processes processes = client.processes(running.id());
        // start in the background with a tag
        BackgroundProcess web = processes.start(Command.shell(
                "trap 'echo stopping; exit 0' TERM; while true; do echo serving; sleep 0.1; done").withTag("web")).block();
        assertThat(web.tag()).isEqualTo("web");
        // list
        assertThat(processes.list().collectList().block())
                .anySatisfy(p -> assertThat(p.tag()).isEqualTo("web"));
        // attach, SIGTERM by tag, see the exit
        StepVerifier.create(processes.connect(ProcessSelector.tag("web")))
                .expectNextMatches(ProcessEvent.Started.class::isInstance)
                .expectNext(new ProcessEvent.Stdout(running.id(), ProcessSelector.tag("web"), "serving\n"))
                .then(() -> processes.kill(ProcessSelector.tag("web"), ProcessSignal.SIGTERM).block())
                .thenConsumeWhile(e -> !(e instanceof ProcessEvent.Exited),
                        e -> assertThat(e).isInstanceOf(ProcessEvent.Output.class))
                .expectNext(new ProcessEvent.Exited(running.id(), ProcessSelector.tag("web"), 0))
                .verifyComplete();
        // destroy: the record stays, stopped
        StepVerifier.create(capsules.destroy(running.id())).verifyComplete();
        StepVerifier.create(capsules.get(running.id()))
                .assertNext(c -> assertThat(c.status()).isEqualTo(CapsuleStatus.STOPPED)).verifyComplete();
    }

    @Test
    void aDestroyedCapsuleStaysStoppedCanBeDestroyedAgainAndRunsNothing() {
        String id = runningCapsule();
        StepVerifier.create(client.capsules().destroy(id)).verifyComplete();
        StepVerifier.create(client.capsules().destroy(id)).verifyComplete();
        StepVerifier.create(client.capsules().get(id))
                .assertNext(c -> assertThat(c.status()).isEqualTo(CapsuleStatus.STOPPED)).verifyComplete();
        StepVerifier.create(client.processes(id).list()).expectError(InvalidStateException.class).verify();
        StepVerifier.create(client.capsules().awaitRunning(id, Duration.ofSeconds(30)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidStateException.class)
                        .hasMessageContaining("STOPPED"))
                .verify(Duration.ofSeconds(10));
        assertGone(id);
    }

    @Test
    void aSynchronousServiceCreatesCapsulesRunningWithTheirAddressesAndMetadata() {
        try (var synchronous = dev.wrenn.emulator.WrennEmulator.builder().start();
             WrennClient direct = WrennClient.builder().baseUrl(synchronous.baseUrl()).apiKey(synchronous.apiKey())
                     .build()) {
            Capsule created = direct.capsules().create(CapsuleSpec.defaults()).block(Duration.ofSeconds(10));
            assertThat(created.status()).isEqualTo(CapsuleStatus.RUNNING);
            assertThat(created.hostIp()).isNotBlank();
            assertThat(created.metadata()).isNotNull();
            assertThat(created.createdAt()).isNotNull();
            StepVerifier.create(direct.capsules().awaitRunning(created.id(), Duration.ofSeconds(10)))
                    .expectNext(created)
                    .verifyComplete();
        }
    }

    @Test
    void foregroundExecReturnsOutputExitCodeAndDuration() {
        Processes processes = client.processes(runningCapsule());
        StepVerifier.create(processes.exec(Command.shell("echo hello; echo oops >&2; exit 7")))
                .assertNext(r -> {
                    assertThat(r.stdout()).isEqualTo("hello\n");
                    assertThat(r.stderr()).isEqualTo("oops\n");
                    assertThat(r.exitCode()).isEqualTo(7);
                    assertThat(r.isSuccess()).isFalse();
                    assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
                })
                .verifyComplete();
    }

    @Test
    void binaryOutputIsDecodedToTheExactBytes() {
        Processes processes = client.processes(runningCapsule());
        StepVerifier.create(processes.exec(Command.of("printf", "\\377\\376\\000A")))
                .assertNext(r -> {
                    assertThat(r.stdoutBytes()).containsExactly(0xFF, 0xFE, 0x00, 'A');
                    assertThat(r.stdout()).endsWith("A");
                    assertThat(r.stdoutBytes()).containsExactly(0xFF, 0xFE, 0x00, 'A');
                })
                .verifyComplete();
    }

    @Test
    void foregroundExecPastItsLimitIsATimeoutAndTheProcessRunsOn() {
        Processes processes = client.processes(runningCapsule());
        StepVerifier.create(processes.exec(Command.of("sleep", "37"), Duration.ofSeconds(1)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isExactlyInstanceOf(WrennTimeoutException.class)
                            .hasMessageContaining("may still be running in the capsule");
                    assertThat(((WrennException) e).status()).isEqualTo(502);
                })
                .verify(Duration.ofSeconds(30));
        ProcessInfo sleeper = processes.list().filter(p -> p.args().contains("37")).blockFirst(Duration.ofSeconds(10));
        assertThat(sleeper).as("the overrunning process is still listed").isNotNull();
        StepVerifier.create(processes.kill(sleeper.selector())).verifyComplete();
    }

    @Test
    void backgroundProcessesHonourEnvAndCwdAndGetATagWhenNoneIsGiven() {
        Processes processes = client.processes(runningCapsule());
        processes.exec(Command.of("mkdir", "-p", "work")).block(Duration.ofSeconds(10));
        BackgroundProcess process = processes.start(Command.shell("sleep 0.5; echo \"$GREETING from $(basename $PWD)\"")
                .withEnv("GREETING", "hi").withCwd("work")).block();
        assertThat(process.tag()).matches("proc-[0-9a-f]{8}");
        StepVerifier.create(ProcessStreams.collect(process.connect()))
                .assertNext(r -> assertThat(r.stdout()).isEqualTo("hi from work\n"))
                .verifyComplete();
    }

    @Test
    void awaitExitGivesTheExitCode() {
        Processes processes = client.processes(runningCapsule());
        StepVerifier.create(processes.start(Command.shell("sleep 0.5; exit 5")).flatMap(BackgroundProcess::awaitExit))
                .expectNext(5)
                .verifyComplete();
    }

    @Test
    void processCallsOnAPausedCapsuleFailWithInvalidState() {
        String id = runningCapsule();
        StepVerifier.create(client.capsules().pause(id))
                .assertNext(c -> assertThat(c.status()).isEqualTo(CapsuleStatus.PAUSED)).verifyComplete();
        Processes processes = client.processes(id);
        StepVerifier.create(processes.list())
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(InvalidStateException.class);
                    assertThat(((WrennException) e).status()).isEqualTo(409);
                    assertThat(((WrennException) e).serverMessage()).isEqualTo("sandbox is not running (status: paused)");
                })
                .verify();
        StepVerifier.create(processes.exec(Command.of("true"))).expectError(InvalidStateException.class).verify();
        StepVerifier.create(client.capsules().ping(id)).expectError(InvalidStateException.class).verify();
        StepVerifier.create(client.capsules().pause(id))
                .expectErrorSatisfies(e -> assertThat(((WrennException) e).serverMessage()).isEqualTo("resource is not running"))
                .verify();
        StepVerifier.create(client.capsules().resume(id))
                .assertNext(c -> assertThat(c.status()).isEqualTo(CapsuleStatus.RUNNING)).verifyComplete();
        StepVerifier.create(client.capsules().ping(id)).verifyComplete();
        StepVerifier.create(client.capsules().resume(id))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(InvalidStateException.class);
                    assertThat(((WrennException) e).serverMessage()).isEqualTo("resource is not paused");
                })
                .verify();
    }

    @Test
    void unknownCapsulesAreNotFound() {
        String unknown = "cl-0000000000000000000000000";
        for (Mono<?> call : List.of(client.capsules().get(unknown), client.capsules().pause(unknown),
                client.capsules().resume(unknown), client.capsules().ping(unknown))) {
            StepVerifier.create(call)
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(NotFoundException.class);
                        assertThat(((WrennException) e).serverMessage()).isEqualTo("resource not found");
                    })
                    .verify();
        }
        StepVerifier.create(client.processes(unknown).list()).expectError(NotFoundException.class).verify();
        StepVerifier.create(client.processes(unknown).exec(Command.of("true"))).expectError(NotFoundException.class).verify();
        StepVerifier.create(client.capsules().get("cl-bad")).expectError(InvalidRequestException.class).verify();
    }

    @Test
    void listIncludesCreatedCapsules() {
        String id = runningCapsule();
        StepVerifier.create(client.capsules().list().map(Capsule::id).collectList())
                .assertNext(ids -> assertThat(ids).contains(id)).verifyComplete();
    }

    @Test
    void awaitRunningFailsAtTheDeadlineNamingTheLastStatus() {
        try (var slow = dev.wrenn.emulator.WrennEmulator.builder().startupDelay(Duration.ofSeconds(30)).start()) {
            WrennClient slowClient = WrennClient.builder().baseUrl(slow.baseUrl()).apiKey(slow.apiKey()).build();
            Capsule capsule = slowClient.capsules().create(CapsuleSpec.defaults()).block();
            StepVerifier.create(slowClient.capsules().awaitRunning(capsule.id(), Duration.ofMillis(500)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrennTimeoutException.class)
                            .hasMessageContaining("PENDING"))
                    .verify(Duration.ofSeconds(10));
            slowClient.close();
        }
    }

    @Test
    void withCapsuleDestroysOnCompletionErrorAndCancellation() {
        Capsules capsules = client.capsules();
        AtomicReference<String> seen = new AtomicReference<>();
        // completion
        StepVerifier.create(capsules.withCapsule(CapsuleSpec.defaults(), Duration.ofSeconds(10),
                        c -> client.processes(c.id()).exec(Command.of("echo", "ok")).map(CommandResult::stdout)
                                .doOnNext(x -> seen.set(c.id()))))
                .expectNext("ok\n").verifyComplete();
        assertGone(seen.get());
        // error
        StepVerifier.create(capsules.withCapsule(CapsuleSpec.defaults(), Duration.ofSeconds(10),
                        c -> Mono.fromRunnable(() -> seen.set(c.id())).then(Mono.error(new IllegalStateException("boom")))))
                .expectErrorMessage("boom").verify();
        assertGone(seen.get());
        // cancellation, while the work is still running
        StepVerifier.create(capsules.withCapsule(CapsuleSpec.defaults(), Duration.ofSeconds(10),
                        c -> Flux.concat(Mono.just(c.id()), Mono.never()).doOnNext(seen::set)))
                .expectNextCount(1)
                .thenCancel()
                .verify();
        String cancelled = seen.get();
        await("the capsule of the cancelled work is destroyed",
                () -> !capsules.list().map(Capsule::id).collectList().block().contains(cancelled));
    }

    private void assertGone(String id) {
        assertThat(id).isNotNull();
        List<String> ids = client.capsules().list().map(Capsule::id).collectList().block();
        assertThat(ids).doesNotContain(id);
    }
}
