package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderAndMainTest {

    @Test
    void defaultsGiveAnEphemeralLoopbackPortAGeneratedKeyAndATemporaryRoot() {
        try (WrennEmulator first = WrennEmulator.start(); WrennEmulator second = WrennEmulator.start()) {
            assertThat(first.port()).isPositive().isNotEqualTo(second.port());
            assertThat(first.baseUrl()).isEqualTo("http://127.0.0.1:" + first.port() + "/api");
            assertThat(first.apiKey()).matches("wrn_[0-9a-f]{32}").isNotEqualTo(second.apiKey());
            assertThat(first.rootDirectory()).isDirectory();
            assertThat(first.toString()).contains(first.baseUrl()).doesNotContain(first.apiKey());
            assertThat(first.runningProcessCount()).isZero();
            assertThat(first.openStreamCount()).isZero();
        }
    }

    @Test
    void aChosenPortKeyAndRootAreUsedAndTheRootIsKeptOnClose(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path root = dir.resolve("capsules");
        String capsule;
        try (WrennEmulator emulator = WrennEmulator.builder().port(port).apiKey("wrn_chosen").rootDirectory(root).start()) {
            assertThat(emulator.port()).isEqualTo(port);
            assertThat(emulator.apiKey()).isEqualTo("wrn_chosen");
            assertThat(emulator.rootDirectory()).isEqualTo(root.toAbsolutePath());
            TestApi api = new TestApi(emulator);
            assertThat(api.send("GET", "/v1/capsules", null, "wrn_chosen").status()).isEqualTo(200);
            capsule = api.post("/v1/capsules", "{}").json().get("id").asString();
            assertThat(root.resolve(capsule)).isDirectory();
        }
        assertThat(root.resolve(capsule)).as("a root given by the user is left in place").isDirectory();
    }

    @Test
    void invalidOptionsAreRefused() {
        WrennEmulator.Builder builder = WrennEmulator.builder();
        assertThatThrownBy(() -> builder.port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.port(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.apiKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.startupDelay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.websocketAuthTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.fanOutCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxRequestBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.streamLimit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.streamLimit(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.rootDirectory(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mainRejectsUnknownOrIncompleteFlags() {
        assertThat(WrennEmulatorMain.parse(new String[]{"--port", "0", "--api-key", "wrn_x"})).isNotNull();
        assertThatThrownBy(() -> WrennEmulatorMain.parse(new String[]{"--verbose", "x"})).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> WrennEmulatorMain.parse(new String[]{"--port"})).hasMessageContaining("missing value");
        assertThatThrownBy(() -> WrennEmulatorMain.parse(new String[]{"--port", "eighty"})).hasMessageContaining("eighty");
    }

    @Test
    void mainPrintsPastableSettingsServesAndKillsItsProcessesWhenTheJvmStops() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process main = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WrennEmulatorMain.class.getName(), "--api-key", "wrn_main")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> printed = CompletableFuture.supplyAsync(() -> readSettings(out)).get(30, TimeUnit.SECONDS);
            assertThat(printed.get("WRENN_BASE_URL")).matches("http://127\\.0\\.0\\.1:\\d+/api");
            assertThat(printed.get("WRENN_API_KEY")).isEqualTo("wrn_main");

            TestApi api = new TestApi(printed.get("WRENN_BASE_URL"), printed.get("WRENN_API_KEY"), null);
            long sleeper = api.startBackground(api.createRunningCapsule(), "exec sleep 1000").get("pid").asLong();
            HostProcesses.await("the sleeper to run", () -> HostProcesses.isRunning(sleeper));

            main.destroy(); // SIGTERM: the JVM runs its shutdown hooks

            assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
            HostProcesses.awaitGone(sleeper);
        } finally {
            main.destroyForcibly();
        }
    }

    private static Map<String, String> readSettings(BufferedReader out) {
        Map<String, String> settings = new HashMap<>();
        try {
            for (String line; !settings.containsKey("WRENN_API_KEY") && (line = out.readLine()) != null; ) {
                if (line.startsWith("WRENN_")) {
                    settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return settings;
    }
}
