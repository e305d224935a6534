package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KillSignalTest {

    @Test
    void onlyTheExactStringSigtermIsSigterm() {
        assertThat(KillSignal.fromQuery("SIGTERM")).isEqualTo(KillSignal.SIGTERM);
        for (String other : new String[]{null, "", "sigterm", "SIGTERM ", "TERM", "15", "SIGINT", "SIGKILL", "SIGHUP"}) {
            assertThat(KillSignal.fromQuery(other)).as(String.valueOf(other)).isEqualTo(KillSignal.SIGKILL);
        }
    }
}
