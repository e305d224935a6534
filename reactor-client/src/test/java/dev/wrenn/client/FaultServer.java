package dev.wrenn.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A scripted server for fault tests: real sockets on 127.0.0.1, each request answered by the script the test
 * gives, with the request lines and connections it saw recorded for assertions.
 */
final class FaultServer implements AutoCloseable {

    /** What the server does with one request. */
    interface Script {
        Publisher<Void> answer(HttpServerRequest request, HttpServerResponse response);
    }

    /** What the server does on one upgraded WebSocket; {@code channel} allows abrupt ends. */
    interface WebSocketScript {
        Publisher<Void> run(WebsocketInbound in, WebsocketOutbound out, Channel channel);
    }

    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final List<String> apiKeys = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger openConnections = new AtomicInteger();
    private final DisposableServer server;

    private FaultServer(Script script) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .childOption(ChannelOption.SO_LINGER, -1)
                .doOnConnection(connection -> {
                    connections.incrementAndGet();
                    openConnections.incrementAndGet();
                    connection.onDispose(openConnections::decrementAndGet);
                })
                .handle((request, response) -> {
                    requestLines.add(request.method().name() + " " + request.uri());
                    String key = request.requestHeaders().get("X-API-Key");
                    if (key != null) {
                        apiKeys.add(key);
                    }
                    return script.answer(request, response);
                })
                .bindNow(Duration.ofSeconds(10));
    }

    static FaultServer start(Script script) {
        return new FaultServer(script);
    }

    /** Upgrades every request to a WebSocket and runs the script on it; pings are answered, as servers do. */
    static FaultServer websocket(WebSocketScript script) {
        return websocket(script, false);
    }

    /** As {@link #websocket(WebSocketScript)}, but pings reach the script instead of being answered. */
    static FaultServer websocketIgnoringPings(WebSocketScript script) {
        return websocket(script, true);
    }

    /**
     * As {@link #websocket(WebSocketScript)}, but a {@code DELETE} (a kill) is answered {@code 204} like the
     * service does, and recorded in {@link #requestLines}.
     */
    static FaultServer websocketWithKill(WebSocketScript script) {
        Script upgrade = upgrading(script, false);
        return start((request, response) -> request.method().name().equals("DELETE")
                ? response.keepAlive(false).status(204).send()
                : upgrade.answer(request, response));
    }

    private static FaultServer websocket(WebSocketScript script, boolean pingsToScript) {
        return start(upgrading(script, pingsToScript));
    }

    private static Script upgrading(WebSocketScript script, boolean pingsToScript) {
        return (request, response) -> response.sendWebsocket(
                (in, out) -> {
                    Channel[] channel = new Channel[1];
                    in.withConnection(c -> channel[0] = c.channel());
                    return script.run(in, out, channel[0]);
                },
                WebsocketServerSpec.builder().maxFramePayloadLength(64 << 20).handlePing(pingsToScript).build());
    }

    /** Answers every request with this status and body. */
    static FaultServer respond(int status, String contentType, String body) {
        return start((request, response) -> response.status(HttpResponseStatus.valueOf(status))
                .header("Content-Type", contentType)
                .sendString(Mono.just(body)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/api";
    }

    int port() {
        return server.port();
    }

    WrennClient client() {
        return client(b -> b);
    }

    WrennClient client(Function<WrennClient.Builder, WrennClient.Builder> configure) {
        return TestKeys.client(baseUrl(), configure);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    // ---- building blocks for WebSocket scripts ----

    /** Sends these JSON text frames in order. */
    static Mono<Void> send(WebsocketOutbound out, String... frames) {
        return out.sendString(Flux.fromArray(frames)).then();
    }

    static Mono<Void> sendFrames(WebsocketOutbound out, Publisher<? extends WebSocketFrame> frames) {
        return out.sendObject(frames).then();
    }

    /** Closes the TCP connection without a WebSocket close frame, as the upstream does after exit. */
    static Mono<Void> dropConnection(Channel channel) {
        return Mono.fromRunnable(channel::close);
    }

    /** Resets the connection (RST instead of FIN). */
    static Mono<Void> reset(Channel channel) {
        return Mono.fromRunnable(() -> {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        });
    }

    /** Writes raw bytes under the WebSocket codec, which a client must reject as an invalid frame. */
    static Mono<Void> garbage(Channel channel) {
        return Mono.fromRunnable(() -> channel.writeAndFlush(
                Unpooled.copiedBuffer("\u0000\u00ffnot a websocket frame at all", StandardCharsets.ISO_8859_1)));
    }
}
