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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderAndMainTest {

    private static final String CHOSEN_KEY = "wrn_" + "c0ffee".repeat(5) + "42";
    private static final String ROOT_LINE = "Capsule directories: ";
    private static final Duration JVM_DEATH_DEADLINE = Duration.ofSeconds(30);

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
        try (WrennEmulator emulator = WrennEmulator.builder().port(port).apiKey(CHOSEN_KEY).rootDirectory(root).start()) {
            assertThat(emulator.port()).isEqualTo(port);
            assertThat(emulator.apiKey()).isEqualTo(CHOSEN_KEY);
            assertThat(emulator.rootDirectory()).isEqualTo(root.toAbsolutePath());
            TestApi api = new TestApi(emulator);
            assertThat(api.send("GET", "/v1/capsules", null, CHOSEN_KEY).status()).isEqualTo(200);
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
        assertThatThrownBy(() -> builder.apiKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.startupDelay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.websocketAuthTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.fanOutCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxRequestBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.streamLimit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.streamLimit(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.rootDirectory(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.requestReadTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.idleTimeout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void onlyKeysInTheServiceFormatAreAcceptedAndARefusalNeverRepeatsTheKey() {
        WrennEmulator.Builder builder = WrennEmulator.builder();
        for (String malformed : new String[]{"", " ", "wrn_x", "wrn_" + "0".repeat(31), "wrn_" + "0".repeat(33),
                "wrn_" + "ABCDEF0123456789".repeat(2), "WRN_" + "0".repeat(32), " " + CHOSEN_KEY, "key_" + "0".repeat(32)}) {
            assertThatThrownBy(() -> builder.apiKey(malformed)).as(malformed)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the API key must be wrn_ followed by 32 lowercase hex characters");
        }
        assertThat(builder.apiKey(CHOSEN_KEY)).isSameAs(builder);
    }

    @Test
    void mainRejectsUnknownOrIncompleteFlags() {
        assertThatThrownBy(() -> parse("--verbose", "x")).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> parse("--port")).hasMessageContaining("missing value");
        assertThatThrownBy(() -> parse("--port", "eighty")).hasMessageContaining("eighty");
        assertThatThrownBy(() -> parse("--api-key", CHOSEN_KEY, "--api-key-file", "key.txt"))
                .hasMessageContaining("only one");
    }

    @Test
    void mainTakesTheKeyFromAFileOverTheEnvironmentAndRefusesMalformedKeysWithoutRepeatingThem(@TempDir Path dir)
            throws Exception {
        String fromEnvironment = "wrn_" + "e".repeat(32);
        Map<String, String> environment = Map.of(WrennEmulatorMain.API_KEY_ENV, fromEnvironment);
        Path keyFile = Files.writeString(dir.resolve("key.txt"), CHOSEN_KEY + "\n");

        assertThat(keyOf(WrennEmulatorMain.parse(new String[0], environment))).isEqualTo(fromEnvironment);
        assertThat(keyOf(WrennEmulatorMain.parse(new String[]{"--api-key-file", keyFile.toString()}, environment)))
                .isEqualTo(CHOSEN_KEY);
        assertThat(keyOf(WrennEmulatorMain.parse(new String[]{"--api-key", CHOSEN_KEY}, Map.of()))).isEqualTo(CHOSEN_KEY);

        Path malformedFile = Files.writeString(dir.resolve("bad.txt"), "wrn_secret");
        assertThatThrownBy(() -> parse("--api-key-file", malformedFile.toString()))
                .hasMessage("--api-key-file: the API key must be wrn_ followed by 32 lowercase hex characters");
        assertThatThrownBy(() -> WrennEmulatorMain.parse(new String[0], Map.of(WrennEmulatorMain.API_KEY_ENV, "wrn_secret")))
                .hasMessageStartingWith(WrennEmulatorMain.API_KEY_ENV + ": ").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse("--api-key", "wrn_secret")).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse("--api-key-file", dir.resolve("missing.txt").toString()))
                .hasMessageContaining("cannot read").hasMessageContaining("missing.txt");
    }

    private static WrennEmulator.Builder parse(String... args) {
        return WrennEmulatorMain.parse(args, Map.of());
    }

    private static String keyOf(WrennEmulator.Builder builder) {
        try (WrennEmulator emulator = builder.start()) {
            return emulator.apiKey();
        }
    }

    @Test
    void mainPrintsPastableSettingsAndOnSigtermLeavesNoProcessAndNoRootDirectoryBehind() throws Exception {
        assertThatStoppingTheJvmLeavesNothingBehind(Process::destroy); // SIGTERM: the JVM runs its shutdown hooks
    }

    @Test
    void killingTheEmulatorJvmWithSigkillLeavesNoProcessAndNoRootDirectoryBehind() throws Exception {
        assertThatStoppingTheJvmLeavesNothingBehind(Process::destroyForcibly); // no hook runs, the watchdog cleans up
    }

    /**
     * Starts the command-line emulator in a JVM of its own, starts processes in it (tracked ones, a child of one,
     * and three that leave the process tree), stops the JVM with {@code stop}, and waits until every one of those
     * processes and the temporary root directory are gone.
     */
    private static void assertThatStoppingTheJvmLeavesNothingBehind(Consumer<Process> stop) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder command = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WrennEmulatorMain.class.getName()).redirectErrorStream(true);
        command.environment().put(WrennEmulatorMain.API_KEY_ENV, CHOSEN_KEY);
        Process main = command.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> printed = CompletableFuture.supplyAsync(() -> readSettings(out)).get(30, TimeUnit.SECONDS);
            assertThat(printed.get("WRENN_BASE_URL")).matches("http://127\\.0\\.0\\.1:\\d+/api");
            assertThat(printed.get("WRENN_API_KEY")).isEqualTo(CHOSEN_KEY);
            Path root = Path.of(printed.get(ROOT_LINE));
            assertThat(root).isDirectory();

            TestApi api = new TestApi(printed.get("WRENN_BASE_URL"), printed.get("WRENN_API_KEY"), null);
            String capsule = api.createRunningCapsule();
            long sleeper = api.startBackground(capsule, "exec sleep 1237").get("pid").asLong();
            long shell = api.startBackground(capsule, "sleep 1237 & wait").get("pid").asLong();
            HostProcesses.await("the shell's child to run",
                    () -> ProcessHandle.of(shell).stream().flatMap(ProcessHandle::children).findAny().isPresent());
            List<Long> pids = new ArrayList<>(List.of(sleeper, shell));
            ProcessHandle.of(shell).orElseThrow().children().forEach(child -> pids.add(child.pid()));
            pids.addAll(api.startSleepersThatLeaveTheProcessTree(capsule));
            assertThat(pids).hasSize(6).allSatisfy(pid -> assertThat(HostProcesses.isRunning(pid)).isTrue());

            stop.accept(main);

            assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
            pids.forEach(pid -> HostProcesses.await("process " + pid + " to end",
                    () -> !HostProcesses.isRunning(pid), JVM_DEATH_DEADLINE));
            HostProcesses.await("the root directory to be deleted", () -> !Files.exists(root), JVM_DEATH_DEADLINE);
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
                } else if (line.startsWith(ROOT_LINE)) {
                    settings.put(ROOT_LINE, line.substring(ROOT_LINE.length()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return settings;
    }
}
