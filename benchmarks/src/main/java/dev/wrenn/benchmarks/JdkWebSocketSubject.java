package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The JDK's {@code java.net.http.WebSocket}, bridged into a {@code Flux} as a careful user would: the
 * subscriber's demand becomes {@code WebSocket.request(n)}, so the JDK reads only what was asked for; each
 * text message (its parts joined) is decoded with {@link StreamingEventDecoder}.
 */
public final class JdkWebSocketSubject extends UrlWebSocketSubject {

    public static final String NAME = "jdk-websocket";

    private final HttpClient client = HttpClient.newHttpClient();
    public JdkWebSocketSubject(String baseUrl) {
        super(NAME, baseUrl);
    }

    @Override
    public Flux<ProcessEvent> attach(String tag) {
        ProcessSelector selector = ProcessSelector.tag(tag);
        URI uri = URI.create(streamUrl(tag));
        return Flux.create(sink -> {
            Listener listener = new Listener(sink, selector);
            sink.onRequest(listener::request);
            client.newWebSocketBuilder()
                    .header(API_KEY_HEADER, API_KEY)
                    .buildAsync(uri, listener)
                    .whenComplete((socket, failure) -> {
                        if (failure != null) {
                            sink.error(failure);
                        } else {
                            sink.onDispose(socket::abort);
                        }
                    });
        });
    }

    /** Passes the subscriber's demand on to the socket once it is open, and what the socket delivers back. */
    private static final class Listener implements WebSocket.Listener {
        private final FluxSink<ProcessEvent> sink;
        private final ProcessSelector selector;
        private final StringBuilder parts = new StringBuilder();
        private WebSocket socket;
        /** Demand that arrived before the socket was open. */
        private long pending;
        private volatile boolean exited;

        Listener(FluxSink<ProcessEvent> sink, ProcessSelector selector) {
            this.sink = sink;
            this.selector = selector;
        }

        synchronized void request(long n) {
            if (socket == null) {
                pending = pending + n < 0 ? Long.MAX_VALUE : pending + n;
            } else {
                socket.request(n);
            }
        }

        @Override
        public synchronized void onOpen(WebSocket webSocket) {
            socket = webSocket;
            if (pending > 0) {
                webSocket.request(pending);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence text, boolean last) {
            if (!last) {
                // Part of a message: not an event yet, so it takes none of the subscriber's demand.
                parts.append(text);
                webSocket.request(1);
                return null;
            }
            String message = parts.isEmpty() ? text.toString() : parts.append(text).toString();
            parts.setLength(0);
            ProcessEvent event = StreamingEventDecoder.decode(message, selector);
            sink.next(event);
            if (event instanceof ProcessEvent.Exited) {
                exited = true;
                sink.complete();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            sink.complete();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!exited) {
                sink.error(error);
            }
        }
    }

    @Override
    public void close() {
        // The JDK's client has no close before Java 21; its threads end with the JVM.
    }
}
