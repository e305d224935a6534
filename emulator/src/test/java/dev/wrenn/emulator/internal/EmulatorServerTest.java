package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmulatorServerTest {

    @Test
    void theShutdownHookIsRegisteredOnStartAndRemovedOnClose() {
        EmulatorServer server = EmulatorServer.start(EmulatorConfig.defaults());
        Thread hook = server.shutdownHook();
        try {
            assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("registered by start").isTrue();
            Runtime.getRuntime().addShutdownHook(hook);
        } finally {
            server.close();
        }

        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("removed by close").isFalse();
    }
}
