package dev.wrenn.examples.webflux;

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
import java.util.concurrent.atomic.AtomicReference;
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
    DevToolsPage page() {
        // Chromium writes the port it chose into the profile once it listens.
        Path activePort = profile.resolve("DevToolsActivePort");
        Eventually.await("Chromium's DevTools port", () -> readLines(activePort).size() >= 2);
        URI targets = URI.create("http://127.0.0.1:" + readLines(activePort).get(0) + "/json/list");
        HttpClient http = HttpClient.newHttpClient();
        AtomicReference<String> page = new AtomicReference<>();
        Eventually.await("Chromium's blank page", () -> {
            page.set(pageAddress(http, targets));
            return page.get() != null;
        });
        return DevToolsPage.connect(http, URI.create(page.get()));
    }

    /** The DevTools address of the first page among Chromium's targets, null while there is none. */
    private static String pageAddress(HttpClient http, URI targets) {
        try {
            String list = http.send(HttpRequest.newBuilder(targets).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JsonMapper.shared().readTree(list)) {
                if (target.path("type").asString().equals("page")) {
                    return target.path("webSocketDebuggerUrl").asString();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing Chromium's pages", e);
        }
    }

    /** The file's lines, none while it does not exist. */
    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
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
