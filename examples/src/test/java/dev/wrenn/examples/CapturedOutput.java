package dev.wrenn.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where an example prints during a test: memory rather than the console, which would be a blocking write on an
 * event loop.
 */
final class CapturedOutput {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    /** Everything printed to {@link #out} so far. */
    String printed() {
        synchronized (out) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
