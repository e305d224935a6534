package dev.wrenn.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

// tag::emulator-test[]
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
class HelloApplicationTest {

    @LocalServerPort
    int port;
    @Autowired
    WrennClient client;
    @Autowired
    WrennEmulator emulator;

    @Test
    void runsACommandInACapsuleOfTheEmulator() {
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();

        web.get().uri("/hello?name={name}", "emulator").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("hello emulator\n");
        assertThat(client.baseUrl()).isEqualTo(emulator.baseUrl());
    }
}
// end::emulator-test[]
