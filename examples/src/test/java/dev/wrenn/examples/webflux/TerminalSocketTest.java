package dev.wrenn.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.TerminalSpec;
import dev.wrenn.spring.boot.test.AutoConfigureWrennEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The terminal page's WebSocket, driven as the page drives it: keys in, screen text out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWrennEmulator
class TerminalSocketTest {

    @LocalServerPort
    int port;

    @Test
    void aShellStartsAtThePagesSizeAnswersTypedCommandsSeesAResizeAndExits() {
        Sinks.Many<String> keys = Sinks.many().unicast().onBackpressureBuffer();
        StringBuffer screen = new StringBuffer();
        AtomicInteger step = new AtomicInteger();
        keys.tryEmitNext("istty size; echo hi$((1+1))\r");
        Mono<Void> session = new ReactorNettyWebSocketClient().execute(
                URI.create("ws://127.0.0.1:" + port + "/demo/terminal?size=90x30"),
                socket -> socket.send(keys.asFlux().map(socket::textMessage))
                        .and(socket.receive().map(WebSocketMessage::getPayloadAsText)
                                .doOnNext(text -> {
                                    screen.append(text);
                                    // Each step waits for the answer to the previous one.
                                    if (screen.indexOf("hi2") >= 0 && step.compareAndSet(0, 1)) {
                                        keys.tryEmitNext("r101x33");
                                        keys.tryEmitNext("istty size\r");
                                    } else if (screen.indexOf("33 101") >= 0 && step.compareAndSet(1, 2)) {
                                        keys.tryEmitNext("iexit 4\r");
                                    }
                                })
                                .takeUntil(text -> screen.indexOf("[exited with code 4]") >= 0)
                                .then()));

        StepVerifier.create(session).expectComplete().verify(Duration.ofSeconds(60));

        assertThat(screen.toString()).contains("30 90", "hi2", "33 101", "[exited with code 4]");
    }

    @Test
    void malformedPageMessagesAndSizesAreIgnored() {
        assertThat(TerminalSocket.toInput("r12")).isNull();
        assertThat(TerminalSocket.toInput("x")).isNull();
        assertThat(TerminalSocket.toInput("r0x5")).isNull();
        assertThat(TerminalSocket.shell(URI.create("ws://127.0.0.1/demo/terminal?size=90")))
                .isEqualTo(TerminalSocket.shell(URI.create("ws://127.0.0.1/demo/terminal")))
                .isEqualTo(TerminalSpec.shell().withKillOnCancel());
    }
}
