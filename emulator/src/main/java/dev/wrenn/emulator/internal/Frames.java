package dev.wrenn.emulator.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The server's WebSocket messages, written as upstream writes them: compact JSON followed by {@code \n} (Go's JSON
 * encoder), sent in frames of at most {@value #WRITE_BUFFER_BYTES} payload bytes (gorilla's write buffer), so a
 * longer message is a text frame plus continuation frames.
 */
final class Frames {

    static final int WRITE_BUFFER_BYTES = 4096;

    private Frames() {
    }

    static String start(long pid) {
        return message(new Wire.StartFrame("start", pid));
    }

    static String error(String message) {
        return message(new Wire.DataFrame("error", message));
    }

    static String ptyStarted(String tag, long pid) {
        return message(new Wire.PtyStartedFrame("started", tag, pid));
    }

    /** A terminal's output or exit: output is raw bytes, base64-encoded. */
    static String ptyEvent(ProcessEvent event) {
        if (event instanceof ProcessEvent.Output output) {
            return message(new Wire.DataFrame("output", Base64.getEncoder().encodeToString(output.bytes())));
        }
        return of(event);
    }

    /** A fatal terminal error: the session could not start or attach. */
    static String fatalError(String message) {
        return message(new Wire.PtyErrorFrame("error", message, true));
    }

    static String ping() {
        return message(new Wire.TypeOnlyFrame("ping"));
    }

    /** An output chunk or the exit; a {@link ProcessEvent.Severed} attachment ends without a message. */
    static String of(ProcessEvent event) {
        if (event instanceof ProcessEvent.Output output) {
            return message(new Wire.DataFrame(output.pipe().toString(), GoUtf8.decode(output.bytes())));
        }
        return message(new Wire.ExitFrame("exit", ((ProcessEvent.Exited) event).exitCode()));
    }

    /** The WebSocket frames that carry {@code message}: one text frame, then continuation frames if needed. */
    static List<WebSocketFrame> fragments(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        List<WebSocketFrame> frames = new ArrayList<>(1 + bytes.length / WRITE_BUFFER_BYTES);
        int offset = 0;
        do {
            int length = Math.min(WRITE_BUFFER_BYTES, bytes.length - offset);
            boolean last = offset + length == bytes.length;
            // Wraps the array: nothing pooled, so a frame dropped on cancellation needs no release.
            var payload = Unpooled.wrappedBuffer(bytes, offset, length);
            frames.add(offset == 0 ? new TextWebSocketFrame(last, 0, payload)
                    : new ContinuationWebSocketFrame(last, 0, payload));
            offset += length;
        } while (offset < bytes.length);
        return frames;
    }

    private static String message(Object frame) {
        return Json.writeString(frame) + "\n";
    }
}
