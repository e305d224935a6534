package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
@EnabledIf("dev.wrenn.examples.webflux.Chromium#installed")
class BrowserPageTest {

    @LocalServerPort
    int port;

    @Test
    void thePageShowsTheDemoOutputFromItsFirstLineUntilItsExit() throws IOException, InterruptedException {
        // The page starts the demo and releases it once attached. The browser keeps loading while the event
        // stream is open, so --dump-dom prints the page once the demo process has exited and the page has closed
        // its stream.
        String dom;
        try (Chromium chromium = Chromium.start("--virtual-time-budget=3000", "--dump-dom",
                "http://127.0.0.1:" + port + "/?demo")) {
            dom = new String(chromium.output().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(chromium.ends()).as("chromium ended").isTrue();
        }

        assertThat(dom).contains("<span>tick 1\n</span>", "<span>tick 40\n</span>",
                "<span class=\"stderr\">checkpoint 10\n</span>", "[exited with code 0]", "Process exited.");
    }
}
