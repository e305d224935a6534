package dev.wrenn.emulator.junit;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;

/**
 * An emulator and its client, kept in a JUnit store, which closes it when its test or class is done, whether it
 * passed or not.
 */
final class EmulatorSession implements AutoCloseable {

    /** Generous: these are deadlines on a busy machine, never expected waits. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    private static final Duration PROCESS_EXIT_DEADLINE = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;

    private final WrennEmulator emulator;
    private final WrennClient client;

    private EmulatorSession(WrennEmulator emulator, WrennClient client) {
        this.emulator = emulator;
        this.client = client;
    }

    static EmulatorSession start(Consumer<WrennEmulator.Builder> emulatorOptions,
                                 Consumer<WrennClient.Builder> clientOptions) {
        WrennEmulator.Builder emulatorBuilder = WrennEmulator.builder();
        emulatorOptions.accept(emulatorBuilder);
        WrennEmulator emulator = emulatorBuilder.start();
        try {
            WrennClient.Builder clientBuilder = WrennClient.builder()
                    .baseUrl(emulator.baseUrl())
                    .apiKey(emulator.apiKey());
            clientOptions.accept(clientBuilder);
            return new EmulatorSession(emulator, clientBuilder.build());
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    WrennEmulator emulator() {
        return emulator;
    }

    WrennClient client() {
        return client;
    }

    /** A new running capsule, destroyed when {@code store}'s test or class is done. */
    Capsule runningCapsule(ExtensionContext.Store store) {
        Capsule created = client.capsules().create(CapsuleSpec.defaults()).block(CALL_DEADLINE);
        store.put(new CapsuleKey(created.id()), (AutoCloseable) () -> destroy(created.id()));
        return client.capsules().awaitRunning(created.id(), CALL_DEADLINE).block();
    }

    private void destroy(String capsuleId) {
        client.capsules().destroy(capsuleId)
                .onErrorResume(NotFoundException.class, alreadyGone -> Mono.empty())
                .block(CALL_DEADLINE);
    }

    /**
     * Closes the client, then the emulator (which kills every process it started), and fails if any of those
     * processes is still running.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            client.closeLater().block(CALL_DEADLINE);
        } finally {
            emulator.close();
        }
        long deadline = System.nanoTime() + PROCESS_EXIT_DEADLINE.toNanos();
        while (emulator.runningProcessCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);   // waits for the exits to be recorded, not for time to pass
        }
        int left = emulator.runningProcessCount();
        if (left > 0) {
            throw new AssertionError(left + " process(es) started by " + emulator
                    + " still running after it was closed");
        }
    }

    /** One store entry per capsule, so that each is destroyed. */
    private record CapsuleKey(String capsuleId) {
    }
}
