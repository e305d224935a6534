package dev.wrenn.examples.webflux;

import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalStreams;
import dev.wrenn.client.TerminalInput;
import dev.wrenn.client.TerminalSpec;
import dev.wrenn.client.WrennClient;
import dev.wrenn.client.WrennException;
import java.net.URI;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /demo/terminal?size=<cols>x<rows>} (WebSocket): a shell in the demo capsule for the terminal page, started
 * at that size (the service's default, 80x24, without it). The browser sends text messages {@code i<keys>} (input)
 * and {@code r<cols>x<rows>} (resize); the app sends the terminal's output as text, and
 * {@code [exited with code N]} at the end. The browser's messages are the client's input {@code Publisher}, read
 * only as fast as the client can send them; closing the page cancels the stream, and the shell is killed with it.
 */
@Configuration(proxyBeanMethods = false)
class TerminalSocket implements WebSocketHandler {

    private final WrennClient client;
    private final DemoController demo;

    TerminalSocket(WrennClient client, DemoController demo) {
        this.client = client;
        this.demo = demo;
    }

    @Bean
    static HandlerMapping terminalSocketMapping(TerminalSocket socket) {
        return new SimpleUrlHandlerMapping(Map.of("/demo/terminal", socket), -1);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Flux<TerminalInput> keys = session.receive()
                .map(WebSocketMessage::getPayloadAsText)
                .mapNotNull(TerminalSocket::toInput);
        Flux<String> screen = demo.demoCapsule()
                .flatMapMany(capsuleId -> client.terminals(capsuleId)
                        .open(shell(session.getHandshakeInfo().getUri()), keys)
                        .publish(events -> Flux.merge(TerminalStreams.text(events),
                                events.ofType(TerminalEvent.Exited.class).map(exit ->
                                        "\r\n[exited with code " + exit.exitCode() + "]\r\n"))))
                .onErrorResume(WrennException.class, error -> Flux.just("\r\n[error: " + error.getMessage() + "]\r\n"));
        return session.send(screen.map(session::textMessage));
    }

    /** A shell killed when the page goes, at the size in the address's {@code size} parameter if it has one. */
    static TerminalSpec shell(URI address) {
        TerminalSpec shell = TerminalSpec.shell().withKillOnCancel();
        TerminalInput.Resize size = size(UriComponentsBuilder.fromUri(address).build().getQueryParams().getFirst("size"));
        return size == null ? shell : shell.withSize(size.cols(), size.rows());
    }

    /** {@code i<keys>} or {@code r<cols>x<rows>}; anything else is ignored. */
    static TerminalInput toInput(String message) {
        if (message.startsWith("i")) {
            return TerminalInput.text(message.substring(1));
        }
        if (message.startsWith("r")) {
            return size(message.substring(1));
        }
        return null;
    }

    /** {@code <cols>x<rows>}, or null when absent or malformed. */
    private static TerminalInput.Resize size(String colsByRows) {
        try {
            String[] size = colsByRows.split("x");
            return new TerminalInput.Resize(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
        } catch (RuntimeException absentOrMalformed) {
            return null;
        }
    }
}
