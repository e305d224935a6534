package dev.wrenn.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The snippets of {@code docs/emulator.md}, run as tests. */
class EmulatorSnippetsTest {

    // tag::junit[]
    private static WrennEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = WrennEmulator.builder()
                .startupDelay(Duration.ZERO)                  // capsules are running at once
                .websocketAuthTimeout(Duration.ofMillis(200)) // a bad key fails fast on streams
                .start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close(); // kills every process it started, with their children
    }
    // end::junit[]

    @Test
    void capsulesRunAtOnce() {
        WrennClient client = WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
        Capsule capsule = client.capsules().create(CapsuleSpec.defaults()).block(Duration.ofSeconds(10));
        assertThat(capsule.status().name()).isEqualTo("RUNNING");
        client.close();
    }

    @Test
    void inJvm() {
        // tag::in-jvm[]
        try (WrennEmulator emulator = WrennEmulator.start()) {
            String baseUrl = emulator.baseUrl(); // http://127.0.0.1:<port>/api
            String apiKey = emulator.apiKey();   // wrn_<32 hex>, send it as X-API-Key
            WrennClient client = WrennClient.builder().baseUrl(baseUrl).apiKey(apiKey).build();
            yourTest(client);
            client.close();
        }
        // end::in-jvm[]
    }

    private static void yourTest(WrennClient client) {
        assertThat(client.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api");
        assertThat(client.capsules().list().collectList().block(Duration.ofSeconds(10))).isEmpty();
    }
}
