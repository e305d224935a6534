package dev.wrenn.spring.boot;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A stand-in for the service that answers every request with an empty JSON list and keeps its headers. */
public final class RecordingServer implements AutoCloseable {

    public final List<HttpHeaders> requestHeaders = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    public RecordingServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    requestHeaders.add(request.requestHeaders().copy());
                    return response.header("Content-Type", "application/json").sendString(Mono.just("[]"));
                })
                .bindNow(Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/api";
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
