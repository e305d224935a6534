package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static dev.wrenn.emulator.HostProcesses.awaitFile;
import static dev.wrenn.emulator.HostProcesses.isRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    @Test
    void closeKillsEveryProcessWithItsDescendantsAndEndsOpenConnections() throws Exception {
        WrennEmulator emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).start();
        TestApi api = new TestApi(emulator);
        String id = api.createCapsule();
        long shell = api.startBackground(id, "sleep 1000 & echo $! > child.pid; wait").get("pid").asLong();
        long grandchild = Long.parseLong(awaitFile(api.capsuleDir(id).resolve("child.pid")));
        long tagged = api.startBackground(id, "exec sleep 1000", "tag", "sleeper").get("pid").asLong();
        StreamClient streamed = StreamClient.connect(emulator, "/v1/capsules/" + id + "/exec/stream", emulator.apiKey());
        streamed.send(TestApi.json("type", "start", "cmd", "sleep", "args", List.of("1000")));
        long streamedPid = streamed.nextJson().get("pid").asLong();
        CompletableFuture<TestApi.Response> foreground = api.postAsync("/v1/capsules/" + id + "/exec",
                TestApi.json("cmd", "sleep", "args", List.of("1000"), "timeout_sec", 600));
        await("all four processes to run", () -> api.listedPids(id).size() == 4);
        List<Long> direct = new ArrayList<>(api.listedPids(id));
        assertThat(direct).contains(shell, tagged, streamedPid);
        Path root = emulator.rootDirectory();

        emulator.close();

        assertThat(direct).allSatisfy(pid -> assertThat(isRunning(pid)).as("process " + pid).isFalse());
        HostProcesses.await("the grandchild to be gone", () -> !isRunning(grandchild), Duration.ofSeconds(3));
        assertThat(emulator.runningProcessCount()).isZero();
        assertThat(root).doesNotExist();
        assertThat(streamed.readToEnd().end()).isInstanceOf(StreamClient.Dropped.class);
        assertThat(foreground).failsWithin(10, TimeUnit.SECONDS);
        streamed.close();
    }

    @Test
    void closeAlsoKillsDescendantsThatLeftTheProcessTree() throws Exception {
        WrennEmulator emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).start();
        TestApi api = new TestApi(emulator);
        List<Long> escaped = api.startSleepersThatLeaveTheProcessTree(api.createCapsule());
        assertThat(escaped).allSatisfy(pid -> assertThat(isRunning(pid)).as("process " + pid).isTrue());
        assertThat(Files.readString(Path.of("/proc", escaped.get(0).toString(), "environ")))
                .as("the documented marker").contains("\0WRENN_EMULATOR_INSTANCE=");

        emulator.close();

        assertThat(escaped).allSatisfy(pid -> assertThat(isRunning(pid)).as("process " + pid).isFalse());
    }

    @Test
    void closeIsIdempotentAndStopsListening() {
        WrennEmulator emulator = WrennEmulator.builder().start();
        int port = emulator.port();

        emulator.close();
        emulator.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(emulator.openStreamCount()).isZero();
    }
}
