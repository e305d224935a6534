package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The best loop a user can write on Reactor Netty without the Wrenn client: a WebSocket per attachment, one
 * connection per stream, {@code receiveFrames()} and one {@code handle} operator that decodes each frame with
 * jackson-core's streaming parser straight over its bytes ({@link StreamingEventDecoder}) and completes on exit;
 * REST calls on a pool of the client's size, read with Jackson data binding.
 *
 * <p>In {@link Decoding#NONE} it does not parse frames at all and only counts them (each becomes the same
 * placeholder event): the wire's limit.
 */
public final class RawReactorNettySubject implements Subject {

    public static final String NAME = "raw-reactor-netty";
    public static final String FRAMES_ONLY_NAME = "frames-only";

    public enum Decoding { STREAMING, NONE }

    private static final String LIST_PATH = "/v1/capsules/" + CAPSULE_ID + "/processes";
    private static final ByteBuf EXIT_PREFIX = Unpooled.wrappedBuffer("{\"type\":\"exit\"".getBytes(StandardCharsets.US_ASCII));

    record ProcessListBody(List<ProcessEntry> processes) {
    }

    record ProcessEntry(long pid, String tag, String cmd, List<String> args) {
    }

    private final Decoding decoding;
    private final ConnectionProvider restPool;
    private final HttpClient rest;
    private final HttpClient streams;
    private final WebsocketClientSpec spec = WebsocketClientSpec.builder().maxFramePayloadLength(256 * 1024).build();
    private final ObjectMapper mapper = JsonMapper.builder().build();

    public RawReactorNettySubject(String baseUrl, Decoding decoding) {
        this.decoding = decoding;
        this.restPool = ConnectionProvider.builder("baseline-rest").maxConnections(REST_POOL_SIZE).pendingAcquireMaxCount(-1).build();
        this.rest = configure(HttpClient.create(restPool), baseUrl);
        this.streams = configure(HttpClient.create(ConnectionProvider.newConnection()), baseUrl);
    }

    private static HttpClient configure(HttpClient http, String baseUrl) {
        return http.baseUrl(baseUrl).headers(h -> h.set(API_KEY_HEADER, API_KEY));
    }

    @Override
    public String name() {
        return decoding == Decoding.NONE ? FRAMES_ONLY_NAME : NAME;
    }

    @Override
    public Flux<ProcessEvent> attach(String tag) {
        ProcessSelector selector = ProcessSelector.tag(tag);
        Function<WebSocketFrame, ProcessEvent> decode = decoding == Decoding.NONE ? countOnly(selector)
                : frame -> StreamingEventDecoder.decode(frame.content(), selector);
        return streams.websocket(spec)
                .uri(Subject.streamPath(tag))
                .handle((in, out) -> in.receiveFrames().<ProcessEvent>handle((frame, sink) -> {
                    // One operator per frame: decode, and complete after the exit.
                    ProcessEvent event = decode.apply(frame);
                    sink.next(event);
                    if (event instanceof ProcessEvent.Exited) {
                        sink.complete();
                    }
                }));
    }

    /** Every frame but the exit becomes the same placeholder, unparsed. */
    private static Function<WebSocketFrame, ProcessEvent> countOnly(ProcessSelector selector) {
        ProcessEvent placeholder = new ProcessEvent.Stdout(CAPSULE_ID, selector, "");
        return frame -> isExit(frame) ? StreamingEventDecoder.decode(frame.content(), selector) : placeholder;
    }

    private static boolean isExit(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        int length = EXIT_PREFIX.readableBytes();
        return content.readableBytes() >= length && ByteBufUtil.equals(content, content.readerIndex(), EXIT_PREFIX, 0, length);
    }

    @Override
    public Mono<List<ProcessInfo>> list() {
        return rest.get()
                .uri(LIST_PATH)
                .responseSingle((response, body) -> {
                    if (response.status().code() != 200) {
                        return Mono.error(new IllegalStateException("list failed: " + response.status()));
                    }
                    return body.asByteArray();
                })
                .map(bytes -> mapper.readValue(bytes, ProcessListBody.class).processes().stream()
                        .map(p -> new ProcessInfo(p.pid(), p.tag(), p.cmd(), p.args()))
                        .toList());
    }

    @Override
    public void close() {
        restPool.disposeLater().block(Duration.ofSeconds(10));
    }
}
