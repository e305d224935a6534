package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.emulator.internal.StreamStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Terminal sessions against the emulator's real pseudo-terminals. */
class TerminalTest extends EmulatorFixture {

    private static final int PASTE_BYTES = 1 << 20;

    /** A live session: its input sink, the output so far, and how it ended. */
    private static final class Session implements AutoCloseable {
        final Sinks.Many<TerminalInput> input = Sinks.many().unicast().onBackpressureBuffer();
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final AtomicReference<TerminalEvent.Started> started = new AtomicReference<>();
        final AtomicReference<Object> end = new AtomicReference<>();
        final Disposable subscription;

        Session(Terminals terminals, TerminalSpec spec) {
            subscription = terminals.open(spec, input.asFlux()).subscribe(this::onEvent, end::set,
                    () -> end.compareAndSet(null, "completed"));
        }

        private void onEvent(TerminalEvent event) {
            if (event instanceof TerminalEvent.Started s) {
                started.set(s);
            } else if (event instanceof TerminalEvent.Output o) {
                synchronized (output) {
                    output.writeBytes(o.bytes());
                }
            } else {
                end.set(event);
            }
        }

        void type(String text) {
            send(TerminalInput.text(text));
        }

        void send(TerminalInput in) {
            assertThat(input.tryEmitNext(in).isSuccess()).isTrue();
        }

        String text() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    @Test
    void aShellSeesItsSizeAResizeAndAOneMebibytePasteAndExits() {
        Terminals terminals = client.terminals(runningCapsule());
        StreamStats stats = emulator.streamStats();
        long messagesBefore = stats.terminalInputMessages();
        long pasteMessages;
        try (Session shell = new Session(terminals,
                TerminalSpec.of("/bin/bash", "--norc", "--noprofile").withSize(100, 30))) {
            shell.type("stty size\r");
            awaitOutput(shell, "30 100");

            shell.send(TerminalInput.resize(120, 40));
            shell.type("stty size\r");
            awaitOutput(shell, "40 120");

            shell.type("stty -echo; head -c " + PASTE_BYTES + " | wc -c; stty echo\r");
            awaitOutput(shell, "stty echo\r\n");
            long beforePaste = stats.terminalInputMessages();
            shell.send(TerminalInput.bytes(paste()));
            awaitOutput(shell, PASTE_BYTES + "\r\n"); // wc -c: every byte arrived
            pasteMessages = stats.terminalInputMessages() - beforePaste;

            shell.type("exit 7\r");
            await("the shell exits", () -> shell.end.get() != null);
            assertThat(shell.end.get()).isEqualTo(new TerminalEvent.Exited(7));
            assertThat(shell.started.get().tag()).matches("pty-[0-9a-f]{8}");
        }
        long messages = stats.terminalInputMessages() - messagesBefore;
        System.out.printf("terminal proof: %d bytes pasted and counted by wc -c in %d input messages; %d input"
                        + " messages in the whole session, %d dropped, peak queue %d of 64%n", PASTE_BYTES,
                pasteMessages, messages, stats.droppedTerminalInputs(), stats.peakTerminalInputQueue());
        assertThat(stats.droppedTerminalInputs()).isZero();
        assertThat(pasteMessages).isEqualTo(PASTE_BYTES / (32 * 1024));
        assertThat(messages).isLessThan(64);
    }

    @Test
    void aDetachedSessionIsReattachedByItsTag() {
        Terminals terminals = client.terminals(runningCapsule());
        String tag;
        try (Session shell = new Session(terminals, TerminalSpec.of("/bin/bash", "--norc", "--noprofile"))) {
            await("started", () -> shell.started.get() != null);
            tag = shell.started.get().tag();
        }
        Sinks.Many<TerminalInput> input = Sinks.many().unicast().onBackpressureBuffer();
        input.tryEmitNext(TerminalInput.text("echo re$((1+1))attached; exit 3\r"));
        StepVerifier.create(TerminalStreams.text(terminals.reattach(tag, input.asFlux())
                        .filter(event -> !(event instanceof TerminalEvent.Exited)))
                        .reduce(String::concat))
                .assertNext(text -> assertThat(text).contains("re2attached"))
                .verifyComplete();
    }

    @Test
    void reattachingAnUnknownTagIsNotFound() {
        Terminals terminals = client.terminals(runningCapsule());
        StepVerifier.create(terminals.reattach("pty-00000000", Flux.never()))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void aTerminalInAnUnknownCapsuleIsNotFound() {
        StepVerifier.create(client.terminals("cl-0000000000000000000000000").open(TerminalSpec.shell(), Flux.never()))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void cancellingWithKillOnCancelEndsTheProgram() {
        String capsule = runningCapsule();
        Terminals terminals = client.terminals(capsule);
        long pid;
        try (Session session = new Session(terminals, TerminalSpec.of("sleep", "300").withKillOnCancel())) {
            await("started", () -> session.started.get() != null);
            pid = session.started.get().pid();
            assertThat(listedPids(capsule)).contains(pid);
        }
        await("the program is gone", () -> !listedPids(capsule).contains(pid));
    }

    @Test
    void cancellingDetachesAndTheProgramRunsOn() {
        String capsule = runningCapsule();
        Terminals terminals = client.terminals(capsule);
        long pid;
        try (Session session = new Session(terminals, TerminalSpec.of("sleep", "300"))) {
            await("started", () -> session.started.get() != null);
            pid = session.started.get().pid();
        }
        StepVerifier.create(terminals.reattach(client.processes(capsule).list()
                        .filter(p -> p.pid() == pid).blockFirst(Duration.ofSeconds(10)).tag(),
                        Flux.just(TerminalInput.kill())))
                .expectNextMatches(TerminalEvent.Exited.class::isInstance)
                .verifyComplete();
    }

    @Test
    void textKeepsACharacterSplitAcrossChunksWhole() {
        byte[] utf8 = "é€ ok".getBytes(StandardCharsets.UTF_8);
        Flux<TerminalEvent> chunks = Flux.just(new TerminalEvent.Output(Arrays.copyOfRange(utf8, 0, 1)),
                new TerminalEvent.Output(Arrays.copyOfRange(utf8, 1, 4)),
                new TerminalEvent.Output(Arrays.copyOfRange(utf8, 4, utf8.length)), new TerminalEvent.Exited(0));
        StepVerifier.create(TerminalStreams.text(chunks).reduce(String::concat))
                .expectNext("é€ ok")
                .verifyComplete();
    }

    private List<Long> listedPids(String capsule) {
        return client.processes(capsule).list().map(ProcessInfo::pid).collectList().block(Duration.ofSeconds(10));
    }

    /** Printable lines of 64 bytes: no byte the terminal's line discipline would interpret. */
    private static byte[] paste() {
        byte[] paste = new byte[PASTE_BYTES];
        for (int i = 0; i < paste.length; i++) {
            paste[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + (i * 7 + i / 64) % 26);
        }
        return paste;
    }

    private static void awaitOutput(Session session, String expected) {
        BooleanSupplier seen = () -> session.text().contains(expected);
        awaitLong(() -> "output " + expected.strip() + " in ..." + tail(session.text()), seen);
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 300)).replace("\r", "\\r").replace("\n", "\\n")
                .replace("\u001b", "\\e");
    }

    private static void awaitLong(java.util.function.Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(() -> "still waiting for " + what.get()).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
