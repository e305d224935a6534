package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Cancelling exec/stream ends the process, against the emulator in its upstream-faithful mode, where
 * {@code stop} and a closed socket only detach: whatever is left running was left by the client.
 */
class ExecStreamCancelTest extends EmulatorFixture {

    private static final int CANCELS = 100;

    @Test
    void cancellingExecStreamAfterTenChunksLeavesNoProcessBehind() {
        Processes processes = client.processes(runningCapsule());
        List<ProcessEvent> tens = Flux.range(0, CANCELS)
                .concatMap(i -> processes.execStream(Command.of("yes")).take(10).last(), 4)
                .collectList()
                .block(Duration.ofMinutes(2));
        assertThat(tens).hasSize(CANCELS).allMatch(ProcessEvent.Stdout.class::isInstance);
        awaitNoProcess(processes);
    }

    @Test
    void cancellingExecStreamBeforeItsStartLeavesNoProcessBehind() throws InterruptedException {
        Processes processes = client.processes(runningCapsule());
        for (int i = 0; i < CANCELS; i++) {
            // Cancelled as soon as the connection is up, so mostly before start arrives (at times before the upgrade).
            CountDownLatch subscribed = new CountDownLatch(1);
            Disposable stream = processes.execStream(Command.of("yes"))
                    .doOnSubscribe(s -> subscribed.countDown())
                    .subscribeOn(Schedulers.parallel())
                    .subscribe();
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            stream.dispose();
        }
        awaitNoProcess(processes);
    }

    @Test
    void detachingLeavesTheProcessRunningAndKillableByItsPid() {
        Processes processes = client.processes(runningCapsule());
        ProcessEvent.Started started = processes.execStream(Command.of("sleep", "30"), OnCancel.detach())
                .ofType(ProcessEvent.Started.class).next().block(Duration.ofSeconds(10));
        await("the stream is closed", () -> emulator.openStreamCount() == 0);
        assertThat(processes.list().map(ProcessInfo::pid).collectList().block()).contains(started.pid());
        processes.kill(started.selector()).block(Duration.ofSeconds(10));
        awaitNoProcess(processes);
    }

    @Test
    void sigtermOnCancelLetsTheProcessExitOnItsOwnTerms() {
        Processes processes = client.processes(runningCapsule());
        processes.execStream(Command.shell("trap 'exit 0' TERM; while true; do echo tick; sleep 0.05; done"),
                        OnCancel.signal(ProcessSignal.SIGTERM))
                .ofType(ProcessEvent.Stdout.class).next().block(Duration.ofSeconds(10));
        awaitNoProcess(processes);
    }

    private void awaitNoProcess(Processes processes) {
        await("no process is left in the capsule", () -> Mono.defer(() -> processes.list().collectList())
                .block(Duration.ofSeconds(10)).isEmpty());
    }

    /**
     * Cancels {@code execStream(Command.of("yes")).take(10)} a thousand times, and as many streams again after
     * 0 to 24 ms (before the upgrade, before start, or after), against
     * an emulator whose {@code stop} only detaches, then prints how many processes are left.
     */
    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (WrennEmulator emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).start()) {
            WrennClient client = WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
            String id = client.capsules().create(CapsuleSpec.defaults())
                    .flatMap(c -> client.capsules().awaitRunning(c.id(), Duration.ofSeconds(10))).block().id();
            Processes processes = client.processes(id);
            long took = Flux.range(0, rounds)
                    .flatMap(i -> Flux.merge(processes.execStream(Command.of("yes")).take(10).then(),
                            processes.execStream(Command.of("yes")).take(Duration.ofMillis(i % 25)).then()), 8)
                    .count().block(Duration.ofMinutes(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int left;
            while ((left = processes.list().collectList().block().size()) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("%d exec/streams cancelled after ten chunks and %d after 0 to 24 ms;"
                    + " processes left in the capsule: %d%n", rounds, rounds, left);
            client.close();
        }
    }
}
