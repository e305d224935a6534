package dev.wrenn.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import io.netty.util.Version;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
class CompatApplicationTest {

    @LocalServerPort
    int port;
    @Autowired
    WrennClient client;
    @Autowired
    WrennEmulator emulator;

    @Test
    void aProcessStartedAttachedAndKilledInTheEmulatorIsServedAsServerSentEvents() {
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofMinutes(1)).build();

        Flux<ServerSentEvent<String>> events = web.get().uri("/ticker").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody();

        StepVerifier.create(events)
                .assertNext(start -> assertThat(start.event()).isEqualTo("start"))
                .assertNext(line -> {
                    assertThat(line.event()).isEqualTo("stdout");
                    assertThat(line.data()).isEqualTo("tick");
                })
                .thenConsumeWhile(line -> "stdout".equals(line.event()))
                .assertNext(exit -> assertThat(exit.event()).isEqualTo("exit"))
                .expectComplete()
                .verify(Duration.ofMinutes(1));
        assertThat(client.baseUrl()).isEqualTo(emulator.baseUrl());
        StepVerifier.create(client.capsules().list()).as("the capsule is destroyed").verifyComplete();
    }

    /** What this module's build passes in: the Spring Boot version and the Netty line its BOM brings. */
    @Test
    void theSpringBootAndNettyOfThisLineAreTheOnesRunning() {
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
        assertThat(Version.identify().get("netty-codec-http").artifactVersion())
                .startsWith(System.getProperty("expected.netty.line"));
    }
}
