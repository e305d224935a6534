package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Chromium page driven over the DevTools protocol, as a user would: open an address, type on the keyboard,
 * resize the window, and read what the page shows.
 */
final class DevToolsPage implements AutoCloseable {

    /** Generous: Chromium answers at once unless the machine is overloaded. */
    private static final long REPLY_SECONDS = 30;

    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger lastId = new AtomicInteger();
    private final WebSocket socket;

    private DevToolsPage(HttpClient http, URI address) {
        socket = http.newWebSocketBuilder().buildAsync(address, new Replies())
                .orTimeout(REPLY_SECONDS, TimeUnit.SECONDS).join();
    }

    static DevToolsPage connect(HttpClient http, URI address) {
        DevToolsPage page = new DevToolsPage(http, address);
        // A headless window never has the system's focus; the page behaves as if it had.
        page.call("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        return page;
    }

    void open(String url) {
        call("Page.navigate", Map.of("url", url));
    }

    /** The viewport's new size in CSS pixels; the page gets a {@code resize} event. */
    void resize(int width, int height) {
        call("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Key presses into the focused element: letters, digits, spaces, and {@code \r} for Enter. */
    void type(String keys) {
        for (char key : keys.toCharArray()) {
            if (key == '\r') {
                press("Enter", "Enter", 13, "\r");
            } else if (key == ' ') {
                press(" ", "Space", 32, " ");
            } else if (Character.isLetter(key) && key < 128) {
                press(String.valueOf(key), "Key" + Character.toUpperCase(key), Character.toUpperCase(key), String.valueOf(key));
            } else if (Character.isDigit(key) && key < 128) {
                press(String.valueOf(key), "Digit" + key, key, String.valueOf(key));
            } else {
                throw new IllegalArgumentException("no key for " + key);
            }
        }
    }

    private void press(String key, String code, int keyCode, String text) {
        call("Input.dispatchKeyEvent",
                Map.of("type", "keyDown", "key", key, "code", code, "windowsVirtualKeyCode", keyCode, "text", text));
        call("Input.dispatchKeyEvent",
                Map.of("type", "keyUp", "key", key, "code", code, "windowsVirtualKeyCode", keyCode));
    }

    /** The string value of a script expression evaluated in the page. */
    String evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        assertThat(result.has("exceptionDetails")).as(expression + " threw " + result).isFalse();
        return result.path("result").path("value").asString("");
    }

    /** The text of the element with this id, empty while there is none. */
    String text(String elementId) {
        return evaluate("document.getElementById('" + elementId + "')?.textContent ?? ''");
    }

    private JsonNode call(String method, Map<String, ?> parameters) {
        int id = lastId.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(JsonMapper.shared().writeValueAsString(Map.of("id", id, "method", method, "params", parameters)),
                true).join();
        JsonNode answer = reply.orTimeout(REPLY_SECONDS, TimeUnit.SECONDS).join();
        assertThat(answer.has("error")).as(method + " answered " + answer).isFalse();
        return answer.path("result");
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Completes each call with its reply; events, which have no id, are not used. */
    private final class Replies implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonNode reply = JsonMapper.shared().readTree(message.toString());
                message.setLength(0);
                CompletableFuture<JsonNode> waiting = replies.remove(reply.path("id").asInt(0));
                if (waiting != null) {
                    waiting.complete(reply);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
