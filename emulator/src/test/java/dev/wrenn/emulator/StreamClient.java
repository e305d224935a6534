package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A minimal WebSocket client over a plain socket, so tests see exactly what reaches the TCP connection: a close
 * frame arrives as {@link Closed}, a connection that ends without one as {@link Dropped}. (The JDK's client
 * reports the second case unreliably.) A reader thread turns frames into events; a stalled client stops reading
 * the socket altogether, so the server meets real TCP backpressure.
 */
final class StreamClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    sealed interface Event {
    }

    /**
     * A complete text message, as sent (raw JSON text), and the payload size of each WebSocket frame that carried
     * it (the text frame, then any continuation frames).
     */
    record Text(String raw, List<Integer> framePayloads) implements Event {
        JsonNode json() {
            return TestApi.JSON.readTree(raw);
        }
    }

    /** The server sent a close frame. */
    record Closed(int statusCode) implements Event {
    }

    /** The connection ended without a close frame. */
    record Dropped(String reason) implements Event {
    }

    /** The server refused the upgrade with a plain HTTP response. */
    record Refusal(int status, String body) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Object readPermission = new Object();
    private boolean stalled; // guarded by readPermission

    private StreamClient(Socket socket, InputStream in, boolean stalled) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(in);
        this.out = socket.getOutputStream();
        this.stalled = stalled;
        Thread reader = new Thread(this::readFrames, "test-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code path} (relative to the base URL) with {@code apiKey}, or no key if {@code null}. */
    static StreamClient connect(WrennEmulator emulator, String path, String apiKey) {
        return open(emulator, path, apiKey, false);
    }

    /** Like {@link #connect} but stops reading the socket after the first message, until {@link #resume()}. */
    static StreamClient connectStalled(WrennEmulator emulator, String path) {
        return open(emulator, path, emulator.apiKey(), true);
    }

    /** Attempts an upgrade that the server is expected to refuse; returns its HTTP answer. */
    static Refusal refusedUpgrade(WrennEmulator emulator, String path) {
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Handshake answer = handshake(socket, in, emulator, path, emulator.apiKey());
            assertThat(answer.status()).as("the upgrade should be refused").isNotEqualTo(101);
            byte[] body = new byte[Integer.parseInt(answer.headers().getOrDefault("content-length", "0"))];
            in.readFully(body);
            return new Refusal(answer.status(), new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static StreamClient open(WrennEmulator emulator, String path, String apiKey, boolean stalled) {
        try {
            Socket socket = new Socket("127.0.0.1", emulator.port());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Handshake answer = handshake(socket, in, emulator, path, apiKey);
            assertThat(answer.status()).as("upgrade status").isEqualTo(101);
            return new StreamClient(socket, in, stalled);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Handshake(int status, Map<String, String> headers) {
    }

    private static Handshake handshake(Socket socket, DataInputStream in, WrennEmulator emulator, String path,
                                       String apiKey) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET /api").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(emulator.port()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
        if (apiKey != null) {
            request.append("X-API-Key: ").append(apiKey).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));

        String statusLine = readLine(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if (status == 101) {
            assertThat(headers.get("sec-websocket-accept")).isEqualTo(expectedAccept(key));
        }
        return new Handshake(status, headers);
    }

    private static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private void readFrames() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        List<Integer> framePayloads = new ArrayList<>();
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((second & 0x80) != 0) {
                    throw new IOException("the server masked a frame");
                }
                byte[] payload = new byte[Math.toIntExact(length)];
                in.readFully(payload);
                int opcode = first & 0x0F;
                if (opcode == 0x8) {
                    events.add(new Closed(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005));
                    return;
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    framePayloads.add(payload.length);
                    if ((first & 0x80) != 0) {
                        events.add(new Text(message.toString(StandardCharsets.UTF_8), List.copyOf(framePayloads)));
                        message.reset();
                        framePayloads.clear();
                        waitWhileStalled();
                    }
                }
            }
        } catch (EOFException e) {
            events.add(new Dropped("end of stream"));
        } catch (IOException e) {
            events.add(new Dropped(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitWhileStalled() throws InterruptedException {
        synchronized (readPermission) {
            while (stalled) {
                readPermission.wait();
            }
        }
    }

    /** Starts reading the socket again after {@link #connectStalled}. */
    void resume() {
        synchronized (readPermission) {
            stalled = false;
            readPermission.notifyAll();
        }
    }

    /** Sends a text message (masked, as clients must). */
    void send(String text) {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a normal close frame (the client's side of a detach). */
    void closeNormally() {
        sendFrame(0x8, new byte[]{(byte) (1000 >> 8), (byte) (1000 & 0xFF)});
    }

    private void sendFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The next event, failing if none comes in time. */
    Event nextEvent() {
        try {
            Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event from the server within " + WAIT).isNotNull();
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event, which must be a text message. */
    Text nextText() {
        Event event = nextEvent();
        assertThat(event).as("expected a text message").isInstanceOf(Text.class);
        return (Text) event;
    }

    JsonNode nextJson() {
        return nextText().json();
    }

    /** Reads messages until the connection ends; the ending event is {@link Received#end()}. */
    Received readToEnd() {
        List<Text> texts = new ArrayList<>();
        while (true) {
            Event event = nextEvent();
            if (event instanceof Text text) {
                texts.add(text);
            } else {
                return new Received(texts, event);
            }
        }
    }

    /** Messages received until the end, and how it ended. */
    record Received(List<Text> texts, Event end) {

        List<JsonNode> messages() {
            return texts.stream().map(Text::json).toList();
        }

        JsonNode last() {
            assertThat(texts).as("messages before the end").isNotEmpty();
            return messages().get(messages().size() - 1);
        }

        /** The concatenated {@code data} of all messages of {@code type} (stdout, stderr). */
        String data(String type) {
            StringBuilder out = new StringBuilder();
            messages().stream().filter(m -> m.get("type").asString().equals(type))
                    .forEach(m -> out.append(m.get("data").asString()));
            return out.toString();
        }
    }

    /** Drops the TCP connection without a close frame. */
    void abort() {
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
