package dev.wrenn.client;

import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One emulator and one client per test class, with a fresh running capsule on demand. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorFixture {

    protected WrennEmulator emulator;
    protected WrennClient client;

    @BeforeAll
    void startEmulator() {
        emulator = WrennEmulator.builder()
                .startupDelay(Duration.ofMillis(100))
                .websocketAuthTimeout(Duration.ofMillis(300))
                .start();
        client = WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
    }

    @AfterAll
    void stopEmulator() {
        client.close();
        emulator.close();
    }

    /** Creates a capsule and waits until it runs; blocking is fine in a test thread. */
    protected String runningCapsule() {
        Capsule capsule = client.capsules().create(CapsuleSpec.defaults())
                .flatMap(c -> client.capsules().awaitRunning(c.id(), Duration.ofSeconds(10)))
                .block(Duration.ofSeconds(15));
        return capsule.id();
    }

    /** Waits until the condition holds, or fails after a deadline: for effects seen from outside the client. */
    protected static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, condition);
    }
}
