package dev.wrenn.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;

/**
 * A server that answers HTTP requests with raw bytes, for responses no HTTP server library would send: broken
 * status lines, chunk sizes and lengths, garbage, and responses that trickle in byte by byte. It reads each
 * request's head, records its request line, then runs the script; the connection closes when the script ends.
 */
final class RawHttpServer implements AutoCloseable {

    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final AtomicInteger openConnections = new AtomicInteger();
    private final DisposableServer server;

    private RawHttpServer(Function<NettyOutbound, Publisher<Void>> script) {
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connection -> {
                    openConnections.incrementAndGet();
                    connection.onDispose(openConnections::decrementAndGet);
                })
                .handle((in, out) -> {
                    StringBuilder head = new StringBuilder();
                    Sinks.Empty<Void> headRead = Sinks.empty();
                    Mono<Void> reading = in.receive().asString(StandardCharsets.ISO_8859_1).doOnNext(chunk -> {
                        if (head.indexOf("\r\n\r\n") < 0) {
                            head.append(chunk);
                            if (head.indexOf("\r\n\r\n") >= 0) {
                                String line = head.substring(0, head.indexOf("\r\n"));
                                requestLines.add(line.substring(0, line.lastIndexOf(' '))); // as FaultServer: no version
                                headRead.tryEmitEmpty();
                            }
                        }
                    }).then();
                    // A client that gives up closes the connection under the script: that ends it quietly.
                    Mono<Void> answering = headRead.asMono()
                            .then(Mono.defer(() -> Mono.from(script.apply(out))))
                            .onErrorResume(clientGone -> Mono.empty());
                    return Mono.firstWithSignal(answering, reading.onErrorResume(e -> Mono.never()));
                })
                .bindNow(Duration.ofSeconds(10));
    }

    /** Answers every request with these bytes, then closes the connection. */
    static RawHttpServer answering(String response) {
        return new RawHttpServer(out -> out.sendString(Mono.just(response), StandardCharsets.ISO_8859_1).then());
    }

    /** Answers every request with {@code start}, then one byte of {@code filler} every 100 ms, forever. */
    static RawHttpServer trickling(String start) {
        return new RawHttpServer(out -> out.sendString(Flux.concat(Mono.just(start),
                Flux.interval(Duration.ofMillis(100)).map(tick -> "x")), StandardCharsets.ISO_8859_1).then());
    }

    WrennClient client(Function<WrennClient.Builder, WrennClient.Builder> configure) {
        return TestKeys.client("http://127.0.0.1:" + server.port() + "/api", configure);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
