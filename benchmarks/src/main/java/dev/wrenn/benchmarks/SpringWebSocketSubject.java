package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;

/**
 * Spring WebFlux's {@code ReactorNettyWebSocketClient} (defaults), bridged into a {@code Flux} the way a user
 * would: its API takes a session handler rather than returning the messages, so the handler decodes each
 * message's bytes with {@link StreamingEventDecoder} and hands the events to a {@code Flux.create} sink. The
 * handler's {@code receive()} asks for everything, so what the subscriber has not taken yet waits in the
 * sink's buffer.
 */
public final class SpringWebSocketSubject extends UrlWebSocketSubject {

    public static final String NAME = "spring-webflux";

    private final ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient();

    public SpringWebSocketSubject(String baseUrl) {
        super(NAME, baseUrl);
    }

    @Override
    public Flux<ProcessEvent> attach(String tag) {
        ProcessSelector selector = ProcessSelector.tag(tag);
        URI uri = URI.create(streamUrl(tag));
        HttpHeaders headers = new HttpHeaders();
        headers.set(API_KEY_HEADER, API_KEY);
        return Flux.create(sink -> sink.onDispose(client.execute(uri, headers, session -> session.receive()
                        .map(message -> StreamingEventDecoder.decode(message.getPayload().asInputStream(), selector))
                        .takeUntil(event -> event instanceof ProcessEvent.Exited)
                        .doOnNext(sink::next)
                        .then())
                .subscribe(null, sink::error, sink::complete)));
    }

    @Override
    public void close() {
        // The client holds no resources of its own: it runs on Reactor Netty's shared ones.
    }
}
