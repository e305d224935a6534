package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page in a real headless Chromium: it follows the demo process's output live to its exit. Runs where
 * Chromium is installed ({@code apt-get install chromium}), and is skipped elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
@EnabledIf("chromiumInstalled")
class BrowserPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @LocalServerPort
    int port;

    static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM);
    }

    @Test
    void thePageShowsTheDemoOutputFromItsFirstLineUntilItsExit() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        // The page starts the demo and releases it once attached. The browser keeps loading while the event
        // stream is open, so --dump-dom prints the page once the demo process has exited and the page has closed
        // its stream.
        Process browser = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom",
                "http://127.0.0.1:" + port + "/?demo"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom;
        try {
            dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        } finally {
            browser.destroyForcibly();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }

        assertThat(dom).contains("<span>tick 1\n</span>", "<span>tick 40\n</span>",
                "<span class=\"stderr\">checkpoint 10\n</span>", "[exited with code 0]", "Process exited.");
    }
}
