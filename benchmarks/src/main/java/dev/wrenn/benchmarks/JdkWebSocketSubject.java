package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The JDK's {@code java.net.http.WebSocket}, bridged into a {@code Flux} as a careful user would: the
 * subscriber's demand drives {@code WebSocket.request}, so the JDK reads only what was asked for; each text
 * message (its parts joined) is decoded with {@link StreamingEventDecoder}. Its streams are the same as every
 * subject's but end with a close frame after exit: when TCP closes without one, as the service does, the JDK 17
 * client reads the end of input with no demand outstanding and fails with an {@code InternalError}, losing
 * the events it had not delivered yet.
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
        URI uri = URI.create(streamUrl(Scenario.parse(tag).withCloseFrame().tag()));
        return Flux.create(sink -> {
            Listener listener = new Listener(sink, selector);
            sink.onRequest(n -> listener.requestIfWanted());
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

    /**
     * Asks the socket for one message at a time, and for the next only while the subscriber has demand left:
     * the JDK's own idiom ({@code request(1)} per message), driven by the subscriber.
     */
    private static final class Listener implements WebSocket.Listener {
        private final FluxSink<ProcessEvent> sink;
        private final ProcessSelector selector;
        private final StringBuilder parts = new StringBuilder();
        /** Whether the socket is open and has no request outstanding. */
        private final AtomicBoolean idle = new AtomicBoolean();
        private volatile WebSocket socket;
        private volatile boolean exited;

        Listener(FluxSink<ProcessEvent> sink, ProcessSelector selector) {
            this.sink = sink;
            this.selector = selector;
        }

        /** Requests the next message if the subscriber wants one and none is requested yet. */
        void requestIfWanted() {
            if (sink.requestedFromDownstream() > 0 && idle.compareAndSet(true, false)) {
                socket.request(1);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            idle.set(true);
            requestIfWanted();
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
            if (event instanceof ProcessEvent.Exited) {
                exited = true;
                sink.next(event);
                sink.complete();
                return null;
            }
            sink.next(event);
            idle.set(true);
            requestIfWanted();
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
