package dev.wrenn.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;

/** Helpers for terminal streams. */
public final class TerminalStreams {

    private TerminalStreams() {
    }

    /**
     * The output of a terminal stream as UTF-8 text, one string per chunk that completes characters: a character
     * whose bytes arrive in two chunks comes out whole, with the second. Malformed bytes become U+FFFD. Other
     * events are skipped; errors and completion pass through. Each subscription decodes afresh.
     */
    public static Flux<String> text(Flux<TerminalEvent> events) {
        Arguments.notNull(events, "events");
        return Flux.defer(() -> {
            Utf8Stream decoder = new Utf8Stream();
            return events.ofType(TerminalEvent.Output.class)
                    .<String>handle((output, sink) -> {
                        String text = decoder.decode(output.buffer());
                        if (!text.isEmpty()) {
                            sink.next(text);
                        }
                    })
                    .concatWith(Flux.defer(() -> {
                        String rest = decoder.finish();
                        return rest.isEmpty() ? Flux.empty() : Flux.just(rest);
                    }));
        });
    }

    /** A UTF-8 decoder that keeps the bytes of an incomplete character for the next chunk. */
    private static final class Utf8Stream {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer carry = ByteBuffer.allocate(0);

        String decode(ByteBuffer chunk) {
            ByteBuffer in = ByteBuffer.allocate(carry.remaining() + chunk.remaining()).put(carry).put(chunk).flip();
            CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 1);
            decoder.decode(in, out, false);
            carry = in.slice();
            return out.flip().toString();
        }

        String finish() {
            CharBuffer out = CharBuffer.allocate(carry.remaining() + 2);
            decoder.decode(carry, out, true);
            decoder.flush(out);
            return out.flip().toString();
        }
    }
}
