package dev.wrenn.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleStatus;
import dev.wrenn.client.Command;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The annotation on a real test class: what its methods receive. */
@WrennEmulatorTest
class WrennEmulatorTestAnnotationTest {

    private static WrennEmulator emulatorBeforeAll;
    private static WrennClient clientBeforeAll;

    @BeforeAll
    static void keep(WrennEmulator emulator, WrennClient client) {
        emulatorBeforeAll = emulator;
        clientBeforeAll = client;
    }

    @Test
    void theClientTalksToTheEmulatorWithItsKey(WrennEmulator emulator, WrennClient client) {
        assertThat(client.baseUrl()).isEqualTo(emulator.baseUrl());
        assertThat(client.capsules().list().collectList().block(Duration.ofSeconds(30))).isNotNull();
    }

    @Test
    void everyMethodOfTheClassGetsTheSameEmulatorAndClient(WrennEmulator emulator, WrennClient client) {
        assertThat(emulator).isSameAs(emulatorBeforeAll);
        assertThat(client).isSameAs(clientBeforeAll);
    }

    @Test
    void aCapsuleParameterIsANewRunningCapsule(WrennClient client, Capsule first, Capsule second) {
        assertThat(first.status()).isEqualTo(CapsuleStatus.RUNNING);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(client.processes(first.id()).exec(Command.of("echo", "hi")).block(Duration.ofSeconds(30)).stdout())
                .isEqualTo("hi\n");
    }

    @Nested
    class ANestedClass {

        @Test
        void sharesTheEnclosingClassEmulator(WrennEmulator emulator) {
            assertThat(emulator).isSameAs(emulatorBeforeAll);
        }
    }
}
