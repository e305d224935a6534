package dev.wrenn.emulator.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Runs the WebSocket side of the attach and exec-stream endpoints the way upstream does: the upgrade always
 * succeeds; a missing or wrong key is reported in-band after the auth wait; the server's messages are JSON lines,
 * fragmented as gorilla does (see {@link Frames}); and after the last one the TCP connection is closed without a close frame (or, if configured, with a
 * normal 1000 close frame). Frames are written with Netty's writability-aware send, so a slow client slows the
 * writes down instead of filling memory.
 */
final class StreamSession {

    private static final Logger LOG = Loggers.getLogger(StreamSession.class);

    /** What a session says to an authenticated client; the flux ends with the session. */
    @FunctionalInterface
    interface Conversation {
        Flux<String> frames(ClientMessages client);
    }

    private final ApiKey apiKey;
    private final Duration authTimeout;
    private final boolean closeFrameOnEnd;
    private final int maxMessageBytes;
    private final WebsocketServerSpec spec;
    private final AtomicInteger openStreams = new AtomicInteger();

    StreamSession(ApiKey apiKey, Duration authTimeout, boolean closeFrameOnEnd, int maxMessageBytes) {
        this.apiKey = apiKey;
        this.authTimeout = authTimeout;
        this.closeFrameOnEnd = closeFrameOnEnd;
        this.maxMessageBytes = maxMessageBytes;
        this.spec = WebsocketServerSpec.builder().maxFramePayloadLength(maxMessageBytes).build();
    }

    int openStreams() {
        return openStreams.get();
    }

    Mono<Void> open(HttpServerRequest request, HttpServerResponse response, Conversation conversation) {
        boolean authenticated = apiKey.matches(request.requestHeaders().get(ApiKey.HEADER));
        return response.sendWebsocket((in, out) -> Mono.defer(() -> {
                    ClientMessages client = ClientMessages.listen(textMessages(in));
                    Flux<String> frames = authenticated ? conversation.frames(client) : rejectAfterAuthWait(client);
                    return out.sendObject(frames.concatMapIterable(Frames::fragments)).then()
                            .onErrorResume(StreamSession::clientWentAway)
                            .then(Mono.defer(() -> end(in, out)));
                })
                .doFirst(openStreams::incrementAndGet)
                .doFinally(signal -> openStreams.decrementAndGet()), spec);
    }

    /** Writing fails when the client has gone; that ends the session quietly. Anything else is a bug. */
    private static Mono<Void> clientWentAway(Throwable error) {
        if (!isClientGone(error)) {
            LOG.warn("A stream ended with an unexpected error", error);
        }
        return Mono.empty();
    }

    /** The client closed the connection: writing to it fails, and that is not the server's failure. */
    static boolean isClientGone(Throwable error) {
        return error instanceof IOException || error instanceof AbortedException;
    }

    /**
     * Upstream waits for an in-band {@code {"type":"auth","token":"<JWT>"}} message. The emulator accepts no
     * token, so the first message fails at once; silence fails after the auth timeout.
     */
    private Flux<String> rejectAfterAuthWait(ClientMessages client) {
        return client.first().hasElement()
                .timeout(authTimeout, Mono.just(true))
                .filter(clientStillThere -> clientStillThere)
                .map(ignored -> Frames.error("authentication failed"))
                .flux();
    }

    private Flux<String> textMessages(WebsocketInbound in) {
        return in.aggregateFrames(maxMessageBytes).receiveFrames()
                .filter(TextWebSocketFrame.class::isInstance)
                .map(frame -> ((TextWebSocketFrame) frame).text());
    }

    private Mono<Void> end(WebsocketInbound in, WebsocketOutbound out) {
        if (closeFrameOnEnd) {
            return out.sendClose(1000, "").onErrorResume(alreadyClosed -> Mono.empty());
        }
        // Upstream drops the TCP connection without a close frame: close the channel before Reactor Netty,
        // seeing the handler complete, would send one.
        return Mono.create(sink -> in.withConnection(connection ->
                connection.channel().close().addListener(closed -> sink.success())));
    }

    static boolean isUpgrade(HttpServerRequest request) {
        return request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }
}
