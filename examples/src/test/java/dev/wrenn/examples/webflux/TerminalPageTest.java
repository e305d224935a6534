package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.examples.Eventually;
import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The terminal page in a real headless Chromium, typed into over the DevTools protocol: a shell answers, sees the
 * window's new size, and exits. The page is xterm.js where the build installed it, and plain text with
 * {@code ?plain} or without it. Runs where Chromium is installed, and is skipped elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
@EnabledIf("dev.wrenn.examples.webflux.Chromium#installed")
class TerminalPageTest {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalPageTest.class);

    /** The terminal's lines as drawn: xterm.js's rows, or the plain terminal's text. */
    private static final String SCREEN = """
            (() => {
              const rows = document.querySelector('#screen .xterm-rows');
              return rows ? [...rows.children].map(row => row.textContent.replace(/\\u00a0/g, ' ').trimEnd()).join('\\n')
                          : document.getElementById('screen').textContent;
            })()""";

    @LocalServerPort
    int port;

    @Test
    void thePageUsesXtermWhenTheBuildInstalledItAndPlainTextOtherwise() throws IOException {
        boolean xtermBuiltIn = getClass().getResource("/static/vendor/xterm/xterm.js") != null;
        aShellAnswersSeesTheNewSizeAndExits("/terminal.html", xtermBuiltIn ? "xterm.js terminal" : "plain-text terminal");
    }

    @Test
    void thePageIsAPlainTextTerminalWhenAskedFor() throws IOException {
        aShellAnswersSeesTheNewSizeAndExits("/terminal.html?plain", "plain-text terminal");
    }

    private void aShellAnswersSeesTheNewSizeAndExits(String path, String mode) throws IOException {
        try (Chromium chromium = Chromium.startWithDevTools(); DevToolsPage page = chromium.page()) {
            page.resize(1000, 700);
            page.open("http://127.0.0.1:" + port + path);
            Eventually.await("the page to connect", () -> page.text("connection").equals("connected"));
            assertThat(page.text("mode")).startsWith(mode);

            page.type("echo hi\r");
            awaitScreen(page, "hi on a line of its own", lines -> lines.contains("hi"));

            String before = page.text("size");
            page.type("stty size\r");
            awaitScreen(page, "stty size to print " + before, lines -> lines.contains(sttySize(before)));

            page.resize(700, 400);
            Eventually.await("the terminal to fit the smaller window", () -> !page.text("size").equals(before));
            String after = page.text("size");
            page.type("stty size\r");
            awaitScreen(page, "stty size to print " + after, lines -> lines.contains(sttySize(after)));

            page.type("exit\r");
            awaitScreen(page, "the exit code", lines -> lines.contains("[exited with code 0]"));
            Eventually.await("the page to report the end", () -> page.text("connection").equals("session ended"));
            LOG.info("{} showed:\n{}", page.text("mode"), page.evaluate(SCREEN));
        }
    }

    private static void awaitScreen(DevToolsPage page, String what, Predicate<List<String>> condition) {
        Eventually.await(what, () -> condition.test(screenLines(page)), () -> page.evaluate(SCREEN));
    }

    private static List<String> screenLines(DevToolsPage page) {
        return page.evaluate(SCREEN).lines().map(String::strip).toList();
    }

    /** {@code stty size} prints rows then columns; the page shows columns x rows. */
    private static String sttySize(String pageSize) {
        String[] colsRows = pageSize.split("x");
        return colsRows[1] + " " + colsRows[0];
    }
}
