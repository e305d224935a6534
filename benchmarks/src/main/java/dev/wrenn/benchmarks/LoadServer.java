package dev.wrenn.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.resources.LoopResources;

/**
 * A load server that speaks the process stream protocol and the list endpoint from canned data, bound to
 * 127.0.0.1 only. Streams follow the {@link Scenario} in their tag; each is bounded in frames and in time,
 * and a server started from {@link #main} stops by itself after its lifetime.
 *
 * <p>Stdout frames go out through {@code sendObject(Publisher)}, which pulls the next frame only while the
 * channel is writable: a reader that does not read blocks the server through TCP backpressure.
 */
public final class LoadServer implements AutoCloseable {

    public static final String COUNTERS_PATH = "/bench/counters";
    private static final String GATES_PATH = "/bench/gates/";

    private static final Pattern COUNTERS_JSON = Pattern.compile("\\{\"connections\":(\\d+),\"stdoutBytes\":(\\d+)}");
    private static final byte[] PROCESS_LIST = ("{\"processes\":["
            + "{\"pid\":42,\"tag\":\"bg-a1b2c3d4\",\"cmd\":\"python\",\"args\":[\"-u\",\"server.py\"]},"
            + "{\"pid\":7,\"cmd\":\"/usr/sbin/sshd\",\"args\":[\"-D\"]},"
            + "{\"pid\":99,\"tag\":\"worker\",\"cmd\":\"/bin/sh\",\"args\":[\"-c\",\"exec worker --queue jobs\"]}]}")
            .getBytes(StandardCharsets.UTF_8);
    /** How many processes {@link #PROCESS_LIST} lists. */
    public static final int LISTED_PROCESSES = 3;

    /** Counters of the server's work, read by harnesses through {@link #COUNTERS_PATH}. */
    public record Counters(long connections, long stdoutBytes) {
        Counters minus(Counters before) {
            return new Counters(connections - before.connections, stdoutBytes - before.stdoutBytes);
        }
    }

    private final Duration maxStreamDuration;
    private final LoopResources loops;
    private final DisposableServer server;
    private final LongAdder connections = new LongAdder();
    private final LongAdder stdoutBytes = new LongAdder();
    private final ByteBuf start = frameBuffer(StdoutFrames.start());
    private final ByteBuf exit = frameBuffer(StdoutFrames.exit());
    /** One shared stdout frame per frame size; each send writes a retained duplicate, nothing is copied per frame. */
    private final Map<Integer, ByteBuf> stdoutFrames = new ConcurrentHashMap<>();
    /** The gates streams wait at (see {@link Scenario#gate()}), by name; opening one lets all its streams go on. */
    private final Map<String, Sinks.Empty<Void>> gates = new ConcurrentHashMap<>();

    /**
     * @param port              0 for any free port
     * @param maxStreamDuration a stream sends exit after this long at the latest, whatever its scenario
     */
    public LoadServer(int port, int eventLoopThreads, Duration maxStreamDuration) {
        this.maxStreamDuration = maxStreamDuration;
        this.loops = LoopResources.create("load-server", eventLoopThreads, true);
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .runOn(loops)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .doOnChannelInit((observer, channel, address) -> connections.increment())
                .route(routes -> routes
                        .get("/v1/capsules/{capsule}/processes/{selector}/stream", this::attach)
                        .get("/v1/capsules/{capsule}/processes", this::list)
                        .get(COUNTERS_PATH, this::counters)
                        .post(GATES_PATH + "{gate}", this::openGate))
                .bindNow();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public Counters counters() {
        return new Counters(connections.sum(), stdoutBytes.sum());
    }

    /** Reads the counters of a server, in this JVM or another, over HTTP. */
    public static Counters fetchCounters(String baseUrl) {
        String body = send(HttpRequest.newBuilder(URI.create(baseUrl + COUNTERS_PATH)).build()).body();
        Matcher m = COUNTERS_JSON.matcher(body);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected counters: " + body);
        }
        return new Counters(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /** Opens a gate of a server, in this JVM or another, over HTTP: its streams send their output. */
    public static void openGate(String baseUrl, String gate) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + GATES_PATH + gate))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        int status = send(request).statusCode();
        if (status != 200) {
            throw new IllegalStateException("cannot open gate " + gate + ": HTTP " + status);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CountersHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the load server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Sinks.Empty<Void> gate(String name) {
        return gates.computeIfAbsent(name, n -> Sinks.empty());
    }

    private Publisher<Void> openGate(HttpServerRequest request, HttpServerResponse response) {
        gate(request.param("gate")).tryEmitEmpty();
        return response.send();
    }

    private Publisher<Void> attach(HttpServerRequest request, HttpServerResponse response) {
        if (request.requestHeaders().get("X-API-Key") == null) {
            return response.status(HttpResponseStatus.UNAUTHORIZED).send();
        }
        Scenario scenario;
        try {
            scenario = Scenario.parse(URLDecoder.decode(request.param("selector"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return response.status(HttpResponseStatus.NOT_FOUND).send();
        }
        return response.sendWebsocket((in, out) -> stream(scenario, out));
    }

    private Publisher<Void> stream(Scenario scenario, WebsocketOutbound out) {
        ByteBuf stdout = stdoutFrames.computeIfAbsent(scenario.frameSize(), size -> frameBuffer(StdoutFrames.stdout(size)));
        Flux<Long> ticks = scenario.period().isZero()
                ? Flux.range(0, Math.toIntExact(scenario.frames())).map(Integer::longValue)
                : Flux.interval(scenario.period()).take(scenario.frames());
        Flux<ByteBuf> output = ticks.take(maxStreamDuration)
                .map(tick -> stdout.retainedDuplicate())
                .doOnNext(frame -> stdoutBytes.add(frame.readableBytes()));
        Flux<ByteBuf> gatedOutput = scenario.gate() == null ? output : gate(scenario.gate()).asMono().thenMany(output);
        Flux<WebSocketFrame> frames = Flux.concat(Mono.fromSupplier(start::retainedDuplicate), gatedOutput,
                        Mono.fromSupplier(exit::retainedDuplicate))
                .<WebSocketFrame>map(TextWebSocketFrame::new);
        if (scenario.closeFrame()) {
            frames = frames.concatWith(Mono.fromSupplier(() -> new CloseWebSocketFrame(1000, "")));
        }
        // As the real service does (unless the scenario asks for a close frame): after exit, close TCP.
        return out.sendObject(frames).then(Mono.fromRunnable(() -> out.withConnection(c -> c.channel().close())));
    }

    private Publisher<Void> list(HttpServerRequest request, HttpServerResponse response) {
        return response.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendByteArray(Mono.just(PROCESS_LIST));
    }

    private Publisher<Void> counters(HttpServerRequest request, HttpServerResponse response) {
        Counters c = counters();
        return response.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendString(Mono.just("{\"connections\":" + c.connections() + ",\"stdoutBytes\":" + c.stdoutBytes() + "}"));
    }

    private static ByteBuf frameBuffer(byte[] json) {
        return Unpooled.directBuffer(json.length).writeBytes(json);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        loops.disposeLater().block(Duration.ofSeconds(5));
        start.release();
        exit.release();
        stdoutFrames.values().forEach(ByteBuf::release);
    }

    /** Kept apart so the JDK HTTP client exists only where counters are read and gates opened. */
    private static final class CountersHttp {
        static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Runs a server in its own JVM: {@code --port-file F} (where the bound port is written),
     * {@code --lifetime-seconds S} (it stops by itself after that), {@code --threads N}.
     */
    public static void main(String[] args) throws Exception {
        Path portFile = null;
        long lifetimeSeconds = 900;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--port-file" -> portFile = Path.of(args[i + 1]);
                case "--lifetime-seconds" -> lifetimeSeconds = Long.parseLong(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (LoadServer server = new LoadServer(0, threads, Duration.ofSeconds(120))) {
            System.out.println("load server on " + server.baseUrl() + " for at most " + lifetimeSeconds + " s");
            if (portFile != null) {
                Path tmp = Files.createTempFile(portFile.toAbsolutePath().getParent(), "port", ".tmp");
                Files.writeString(tmp, server.baseUrl());
                Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Thread.sleep(Duration.ofSeconds(lifetimeSeconds).toMillis());
        }
    }
}
