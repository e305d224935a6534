package dev.wrenn.examples;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An emulator and a client for it, for one test class. Output goes to memory rather than to the console,
 * which would be a blocking write on an event loop.
 */
final class EmulatorFixture implements AutoCloseable {

    final WrennEmulator emulator = WrennEmulator.start();
    final WrennClient client = Target.clientFor(emulator);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    /** Everything printed to {@link #out} so far. */
    String printed() {
        synchronized (out) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        client.close();
        emulator.close();
    }
}
