package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read and idle timeouts, set far shorter than the defaults so that the tests observe them. Every request here
 * goes over a connection of its own: a pooled client could pick a connection just as the idle timeout closes it.
 * The timeouts are still a second, not less: a request that must be answered has to be written within them of
 * connecting, which a busy machine can delay by a few hundred milliseconds.
 */
class ConnectionTimeoutsTest {

    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final int GENEROUS_MILLIS = 30_000;

    private static WrennEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO)
                .requestReadTimeout(SHORT).idleTimeout(SHORT).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aConnectionThatSentHalfAHeaderIsClosedWithoutAnAnswer() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/capsules HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-K");

            assertThat(readToEnd(socket)).isEmpty();
        }
    }

    @Test
    void aConnectionThatNeverSendsAnythingIsClosed() throws Exception {
        try (Socket socket = connect()) {
            assertThat(readToEnd(socket)).isEmpty();
        }
    }

    @Test
    void aHeaderTrickledByteByByteIsClosedNonetheless() throws Exception {
        try (Socket socket = connect()) {
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readToEnd(socket));
            send(socket, "GET /api/v1/capsules HTTP/1.1\r\nX-Padding: ");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GENEROUS_MILLIS);
            try {
                while (!answer.isDone() && System.nanoTime() < deadline) {
                    send(socket, "a"); // keeps the connection busy: a per-read timeout would never fire
                    Thread.sleep(20);
                }
            } catch (IOException closedUnderUs) {
                // The server closed the connection while a byte was on its way.
            }

            assertThat(answer.get(GENEROUS_MILLIS, TimeUnit.MILLISECONDS)).isEmpty();
        }
    }

    @Test
    void aBodyThatNeverCompletesIsClosed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /api/v1/capsules HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + emulator.apiKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"templ");

            assertThat(readToEnd(socket)).doesNotContain("201");
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedWhenIdleAfterItsAnswer() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/capsules HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + emulator.apiKey()
                    + "\r\n\r\n");

            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 200 OK").doesNotContain("Connection: close");
        }
    }

    @Test
    void aForegroundExecLongerThanBothTimeoutsIsAnswered() throws Exception {
        String answer = exchange("POST", "/v1/capsules/" + createCapsule() + "/exec",
                TestApi.json("cmd", "sh", "args", List.of("-c", "sleep 2.5; echo done")));

        assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("\"stdout\":\"done\\n\"");
    }

    @Test
    void aStreamQuietForLongerThanBothTimeoutsIsNotCut() throws Exception {
        String id = createCapsule();
        try (StreamClient stream = StreamClient.connect(emulator, "/v1/capsules/" + id + "/exec/stream",
                emulator.apiKey())) {
            stream.send(TestApi.json("type", "start", "cmd", "sh", "args", List.of("-c", "sleep 2.5; echo done")));
            assertThat(stream.nextJson().get("type").asString()).isEqualTo("start");

            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.data("stdout")).isEqualTo("done\n");
            assertThat(rest.texts().get(rest.texts().size() - 1).raw()).isEqualTo("{\"type\":\"exit\",\"exit_code\":0}\n");
        }
    }

    private static String createCapsule() throws IOException {
        String answer = exchange("POST", "/v1/capsules", "{}");
        assertThat(answer).startsWith("HTTP/1.1 201");
        return TestApi.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n"))).get("id").asString();
    }

    /** One request with the emulator's key on a connection of its own; returns the whole answer. */
    private static String exchange(String method, String path, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            send(socket, method + " /api" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-API-Key: " + emulator.apiKey() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + content.length + "\r\n\r\n" + body);
            return readToEnd(socket);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", emulator.port());
        socket.setSoTimeout(GENEROUS_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Everything the server sends until it closes the connection (with a FIN, or a reset when bytes we sent were
     * left unread); fails if it keeps the connection open for 30 s.
     */
    private static String readToEnd(Socket socket) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            for (int b; (b = in.read()) >= 0; ) {
                received.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open", e);
        } catch (IOException reset) {
            // Closed as well.
        }
        return received.toString(StandardCharsets.US_ASCII);
    }
}
