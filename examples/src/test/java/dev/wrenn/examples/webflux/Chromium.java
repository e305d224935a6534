package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.examples.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium with a fresh profile, for the page tests; {@link #close()} ends it with every process it
 * started and deletes the profile. Tests that need it are skipped where Chromium is not installed
 * ({@code apt-get install chromium}).
 */
final class Chromium implements AutoCloseable {

    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Path profile;
    private final Process process;

    private Chromium(Path profile, Process process) {
        this.profile = profile;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Starts Chromium with the given arguments after the ones every test uses. */
    static Chromium start(String... arguments) throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Chromium(profile, process);
    }

    /** Starts Chromium on a blank page, to be driven over the DevTools protocol through {@link #page()}. */
    static Chromium startWithDevTools() throws IOException {
        return start("--remote-debugging-port=0", "about:blank");
    }

    InputStream output() {
        return process.getInputStream();
    }

    boolean ends() throws InterruptedException {
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Connects to the page of a Chromium started {@link #startWithDevTools() with DevTools}. */
    DevToolsPage page() throws IOException {
        // Chromium writes the port it chose into the profile once it listens.
        Path activePort = profile.resolve("DevToolsActivePort");
        Eventually.await("Chromium's DevTools port", () -> Files.exists(activePort) && readLines(activePort).size() >= 2);
        String port = readLines(activePort).get(0);
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> targets = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode page = null;
            for (JsonNode target : JsonMapper.shared().readTree(targets.body())) {
                if (target.path("type").asString().equals("page")) {
                    page = target;
                }
            }
            assertThat(page).as("Chromium's blank page").isNotNull();
            return DevToolsPage.connect(http, URI.create(page.path("webSocketDebuggerUrl").asString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding Chromium's page", e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
        processes.add(process.toHandle());
        processes.forEach(ProcessHandle::destroyForcibly);
        processes.forEach(handle -> handle.onExit().join());
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
