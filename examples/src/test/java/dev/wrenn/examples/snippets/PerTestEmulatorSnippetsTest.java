package dev.wrenn.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import dev.wrenn.emulator.junit.WrennEmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registered, configured extension of {@code docs/testing.md}: a fresh emulator for every test. */
class PerTestEmulatorSnippetsTest {

    // tag::register[]
    @RegisterExtension
    static WrennEmulatorExtension wrenn = WrennEmulatorExtension.builder()
            .configure(emulator -> emulator.websocketAuthTimeout(Duration.ofMillis(200)))  // any emulator option
            .client(client -> client.idleTimeout(Duration.ofSeconds(20)))                 // any client option
            .perMethod()                                                                   // one emulator per test
            .build();

    @Test
    void everyTestStartsWithAnEmptyEmulator(WrennClient client, WrennEmulator emulator, Capsule capsule) {
        assertThat(client.capsules().list().map(Capsule::id).collectList().block(Duration.ofSeconds(10)))
                .containsExactly(capsule.id());
        assertThat(emulator.runningProcessCount()).isZero();
    }
    // end::register[]

    @Test
    void soDoesThisOne(WrennClient client, WrennEmulator emulator, Capsule capsule) {
        everyTestStartsWithAnEmptyEmulator(client, emulator, capsule);
    }
}
