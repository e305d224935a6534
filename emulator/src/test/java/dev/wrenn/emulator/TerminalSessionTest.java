package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.awaitGone;
import static dev.wrenn.emulator.HostProcesses.isRunning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.emulator.internal.StreamStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /v1/capsules/{id}/pty}: real pseudo-terminals, over real sockets. */
class TerminalSessionTest {

    private static final List<String> BASH = List.of("--norc", "--noprofile");

    private static WrennEmulator emulator;
    private static TestApi api;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).ptyPingInterval(Duration.ofMillis(200))
                .start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** A terminal connection and the output it has read so far. */
    private static final class Terminal implements AutoCloseable {
        final StreamClient stream;
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        JsonNode last;

        Terminal(String capsuleId) {
            stream = StreamClient.connect(emulator, "/v1/capsules/" + capsuleId + "/pty", emulator.apiKey());
        }

        void send(Object... keysAndValues) {
            stream.send(TestApi.json(keysAndValues));
        }

        void type(String text) {
            send("type", "input", "data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        }

        /** Reads messages until the output contains {@code expected}; pings are skipped. */
        void awaitOutput(String expected) {
            while (!output.toString(StandardCharsets.UTF_8).contains(expected)) {
                JsonNode message = stream.nextJson();
                String type = message.get("type").asString();
                if (type.equals("output")) {
                    output.writeBytes(Base64.getDecoder().decode(message.get("data").asString()));
                } else {
                    assertThat(type).as("waiting for %s in %s", expected, output).isEqualTo("ping");
                }
            }
        }

        /** The next message that is neither output nor ping. */
        JsonNode nextOther() {
            while (true) {
                JsonNode message = stream.nextJson();
                String type = message.get("type").asString();
                if (!type.equals("output") && !type.equals("ping")) {
                    return message;
                }
            }
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    @Test
    void aStartedShellHasATagAPidEchoAndALineDiscipline() {
        String id = api.createCapsule();
        try (Terminal terminal = new Terminal(id)) {
            terminal.send("type", "start", "cmd", "/bin/bash", "args", BASH);
            JsonNode started = terminal.stream.nextJson();
            assertThat(started.get("type").asString()).isEqualTo("started");
            assertThat(started.get("tag").asString()).matches("pty-[0-9a-f]{8}");
            assertThat(isRunning(started.get("pid").asLong())).isTrue();

            terminal.type("echo $((6*7))x\u007f!\r"); // DEL erases the x, as a line discipline does
            terminal.awaitOutput("42!\r\n");
            assertThat(terminal.output.toString(StandardCharsets.UTF_8)).contains("echo $((6*7))"); // echoed
            terminal.type("test -t 0 && echo is-a-tty\r");
            terminal.awaitOutput("is-a-tty\r\n");
            terminal.type("exit 5\r");
            assertThat(terminal.nextOther().toString()).isEqualTo("{\"type\":\"exit\",\"exit_code\":5}");
        }
    }

    @Test
    void theDefaultsAreBashAt80By24AndTheProgramSeesAResize() {
        String id = api.createCapsule();
        try (Terminal terminal = new Terminal(id)) {
            terminal.send("type", "start");
            terminal.nextOther();
            terminal.type("stty size; echo $BASH_VERSION | cut -c1-2\r");
            terminal.awaitOutput("24 80\r\n");
            terminal.send("type", "resize", "cols", 132, "rows", 43);
            terminal.send("type", "resize", "cols", 0, "rows", 10); // ignored: both must be positive
            terminal.type("trap 'echo winched' WINCH; stty size\r");
            terminal.awaitOutput("43 132\r\n");
            terminal.send("type", "resize", "cols", 90, "rows", 20);
            terminal.awaitOutput("winched");
            terminal.send("type", "kill");
            assertThat(terminal.nextOther().toString()).isEqualTo("{\"type\":\"exit\",\"exit_code\":-1}");
        }
    }

    @Test
    void aResizeSentRightAfterTheStartIsNotUndoneByTheStartingSize() {
        String id = api.createCapsule();
        try (Terminal terminal = new Terminal(id)) {
            // The resize leaves before the program has run at all: the start-up's own sizing must not win.
            terminal.send("type", "start", "cmd", "/bin/sh", "args", List.of("-c", "read go; stty size"),
                    "cols", 70, "rows", 21);
            terminal.send("type", "resize", "cols", 101, "rows", 33);
            terminal.nextOther();
            terminal.type("go\r");
            terminal.awaitOutput("33 101\r\n");
        }
    }

    @Test
    void aSessionRunsOnWhenDetachedAndIsReattachedByTag() {
        String id = api.createCapsule();
        String tag;
        long pid;
        try (Terminal first = new Terminal(id)) {
            first.send("type", "start", "cmd", "/bin/bash", "args", BASH, "cols", 70, "rows", 21);
            JsonNode started = first.stream.nextJson();
            tag = started.get("tag").asString();
            pid = started.get("pid").asLong();
        }
        assertThat(api.listedPids(id)).contains(pid);
        try (Terminal again = new Terminal(id)) {
            again.send("type", "connect", "tag", tag);
            again.type("stty size\r");
            again.awaitOutput("21 70\r\n");
            again.type("exit\r");
            assertThat(again.nextOther().get("type").asString()).isEqualTo("exit");
        }
    }

    @Test
    void aQuietSessionIsPinged() {
        String id = api.createCapsule();
        try (Terminal terminal = new Terminal(id)) {
            terminal.send("type", "start", "cmd", "sleep", "args", List.of("30"));
            terminal.stream.nextJson();
            assertThat(terminal.stream.nextJson().toString()).isEqualTo("{\"type\":\"ping\"}");
            terminal.send("type", "kill");
            assertThat(terminal.nextOther().get("type").asString()).isEqualTo("exit");
        }
    }

    @Test
    void theSessionsErrors() {
        String id = api.createCapsule();
        assertThat(firstAnswer("cl-0000000000000000000000000", "type", "start"))
                .isEqualTo("{\"type\":\"error\",\"data\":\"sandbox not found\",\"fatal\":true}");
        assertThat(firstAnswer(id, "type", "stop"))
                .isEqualTo("{\"type\":\"error\",\"data\":\"first message must be type 'start' or 'connect'\","
                        + "\"fatal\":true}");
        assertThat(firstAnswer(id, "type", "connect"))
                .isEqualTo("{\"type\":\"error\",\"data\":\"connect requires a 'tag' field\",\"fatal\":true}");
        assertThat(firstAnswer(id, "type", "connect", "tag", "pty-00000000"))
                .isEqualTo("{\"type\":\"error\",\"data\":\"not_found: pty session pty-00000000 not found\"}");
    }

    @Test
    void inputBeyondTheQueueOfAStalledSessionIsDropped() {
        StreamStats stats = emulator.streamStats();
        long droppedBefore = stats.droppedTerminalInputs();
        String id = api.createCapsule();
        try (Terminal terminal = new Terminal(id)) {
            terminal.send("type", "start", "cmd", "sleep", "args", List.of("300"));
            long pid = terminal.stream.nextJson().get("pid").asLong();
            // The session's process stops reading: its stdin pipe fills up, and the relay stalls on it.
            signal("STOP", pid);
            String line = "z".repeat(1023) + "\n";
            String chunk = Base64.getEncoder().encodeToString(line.repeat(8).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 400; i++) {
                terminal.send("type", "input", "data", chunk);
            }
            HostProcesses.await("input dropped", () -> stats.droppedTerminalInputs() > droppedBefore);
        }
        assertThat(stats.peakTerminalInputQueue()).isEqualTo(64);
        assertThat(api.delete("/v1/capsules/" + id).status()).isEqualTo(204); // kills the stopped process
    }

    @Test
    void destroyingTheCapsuleEndsItsSessions() {
        String id = api.createCapsule();
        long pid;
        try (Terminal terminal = new Terminal(id)) {
            terminal.send("type", "start", "cmd", "/bin/bash", "args", BASH);
            pid = terminal.stream.nextJson().get("pid").asLong();
        }
        assertThat(api.delete("/v1/capsules/" + id).status()).isEqualTo(204);
        awaitGone(pid);
    }

    private static void signal(String name, long pid) {
        try {
            assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String firstAnswer(String capsuleId, Object... firstMessage) {
        try (Terminal terminal = new Terminal(capsuleId)) {
            terminal.send(firstMessage);
            return terminal.stream.nextText().raw().strip();
        }
    }
}
