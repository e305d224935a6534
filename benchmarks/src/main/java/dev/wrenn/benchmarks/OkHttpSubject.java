package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * OkHttp's WebSocket client, bridged into a {@code Flux} the way a user would: {@code Flux.create} and a
 * listener that decodes each text message with {@link StreamingEventDecoder}. OkHttp reads as fast as the
 * socket delivers and has no way to ask for less, so what the subscriber has not taken yet waits in the
 * sink's buffer.
 */
public final class OkHttpSubject extends UrlWebSocketSubject {

    public static final String NAME = "okhttp";

    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();

    public OkHttpSubject(String baseUrl) {
        super(NAME, baseUrl);
    }

    @Override
    public Flux<ProcessEvent> attach(String tag) {
        ProcessSelector selector = ProcessSelector.tag(tag);
        Request request = new Request.Builder().url(streamUrl(tag)).header(API_KEY_HEADER, API_KEY).build();
        return Flux.create(sink -> {
            WebSocket socket = client.newWebSocket(request, new Listener(sink, selector));
            sink.onDispose(socket::cancel);
        });
    }

    private static final class Listener extends WebSocketListener {
        private final FluxSink<ProcessEvent> sink;
        private final ProcessSelector selector;
        /** Set on exit: the server then closes TCP, which OkHttp reports as a failure that is none. */
        private volatile boolean exited;

        Listener(FluxSink<ProcessEvent> sink, ProcessSelector selector) {
            this.sink = sink;
            this.selector = selector;
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
            ProcessEvent event = StreamingEventDecoder.decode(text, selector);
            sink.next(event);
            if (event instanceof ProcessEvent.Exited) {
                exited = true;
                sink.complete();
            }
        }

        @Override
        public void onFailure(WebSocket socket, Throwable failure, Response response) {
            if (!exited) {
                sink.error(failure);
            }
        }

        @Override
        public void onClosed(WebSocket socket, int code, String reason) {
            sink.complete();
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
