package dev.wrenn.client.internal;

import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalInput;
import dev.wrenn.client.WrennException;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One terminal stream on one WebSocket connection. It sends the first message ({@code start} or {@code connect}),
 * then the caller's input through a {@link TerminalInputPump}, and turns the service's messages into events with
 * the rules of the process streams:
 * <ul>
 *   <li>{@code exit} is the normal end: emit it and complete;</li>
 *   <li>{@code error}, fatal or not, ends the stream with the typed error its text maps to (a non-fatal one
 *       reports a broken relay: the session is no longer reachable through this connection);</li>
 *   <li>{@code ping} is the service's keepalive: absorbed;</li>
 *   <li>a close before any {@code started} or {@code output} is the service's answer for an unknown session:
 *       not found; a later close is a stream interrupted, since the exit code is then unknown.</li>
 * </ul>
 * A cancel closes the connection, which detaches; with kill on cancel, {@code kill} is sent (twice, see the pump)
 * before the close.
 */
final class TerminalSession {

    private static final Logger log = Loggers.getLogger(TerminalSession.class);

    private final String operation;
    private final byte[] firstMessage;
    private final Publisher<TerminalInput> input;
    private final boolean killOnCancel;
    private final int maxFrameSize;
    private final StreamTimers timers;
    private volatile Channel channel;
    private volatile WrennException failure;
    private volatile Throwable inputFailure;
    private volatile boolean reached;
    private volatile boolean exited;
    private volatile TerminalInputPump pump;

    /** Uses the frame limit and timers of the process streams' {@code settings}. */
    TerminalSession(StreamSession.Settings settings, String operation, byte[] firstMessage,
                    Publisher<TerminalInput> input, boolean killOnCancel) {
        this.operation = operation;
        this.firstMessage = firstMessage;
        this.input = input;
        this.killOnCancel = killOnCancel;
        this.maxFrameSize = settings.maxFrameSize();
        this.timers = settings.timers();
    }

    String operation() {
        return operation;
    }

    /** The events of the connection {@code connected} makes, with failures typed and a cancel applied. */
    Flux<TerminalEvent> events(Flux<TerminalEvent> connected) {
        return connected
                .onErrorMap(error -> error != inputFailure, error -> channel == null
                        ? ErrorMapper.fromTransport(operation, error)
                        : ErrorMapper.fromBrokenStream(operation, error))
                .doOnCancel(this::onCancel);
    }

    /** Runs once the upgrade succeeded, on the connection's event loop. */
    Publisher<TerminalEvent> run(WebsocketInbound in, WebsocketOutbound out) {
        in.withConnection(connection -> channel = connection.channel());
        Channel ch = channel;
        Flux<WebSocketFrame> frames = in.aggregateFrames(maxFrameSize).receiveFrames();
        Function<String, WrennException> refused = UpgradeGuard.upgraded(in, ch);
        if (refused != null) {
            failure = refused.apply(operation);
            ch.close();
            return frames.thenMany(ending());
        }
        StreamTimers.Watch watch = timers.watch();
        watch.requested(Long.MAX_VALUE); // a terminal's idle clock runs whether or not its subscriber waits
        watch.start(ch, () -> false, this::idle);
        frames = frames.doOnNext(frame -> watch.frameRead());
        TerminalInputPump inputPump = new TerminalInputPump(ch, this::failFromInput);
        pump = inputPump;
        return out.sendObject(TerminalWire.text(firstMessage)).then()
                .then(Mono.fromRunnable(() -> input.subscribe(inputPump)))
                .thenMany(frames.<TerminalEvent>handle(this::decode).takeUntil(TerminalEvent.Exited.class::isInstance))
                .concatWith(ending())
                .doFinally(signal -> {
                    watch.stop();
                    inputPump.stop();
                    log.debug("{}: ended ({}) after {} input messages", operation, signal, inputPump.messagesSent());
                });
    }

    private void decode(WebSocketFrame frame, SynchronousSink<TerminalEvent> sink) {
        if (frame instanceof PongWebSocketFrame) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame)) {
            sink.error(ErrorMapper.unexpectedFrame(operation, frame));
            return;
        }
        TerminalWire.ServerMessage message = TerminalWire.read(frame.content(), operation);
        if ("error".equals(message.type())) {
            sink.error(ErrorMapper.fromErrorFrame(operation, String.valueOf(message.data())));
            return;
        }
        TerminalEvent event = TerminalWire.event(message, operation);
        if (event == null) {
            return; // ping, or a type this client does not know
        }
        reached = true;
        exited = event instanceof TerminalEvent.Exited;
        sink.next(event);
    }

    /** After the connection's frames: nothing after an exit, else how the stream ended. */
    private Mono<TerminalEvent> ending() {
        return Mono.defer(() -> {
            if (exited) {
                return Mono.empty();
            }
            Throwable end = inputFailure != null ? inputFailure : failure != null ? failure
                    : reached ? ErrorMapper.closedBeforeExit(operation) : ErrorMapper.closedBeforeStart(operation);
            return Mono.error(end);
        });
    }

    /** No frame for the idle timeout: the stream ends with a timeout. */
    private void idle() {
        if (failure == null) {
            failure = ErrorMapper.terminalIdle(operation, timers.idleTimeout());
            channel.close();
        }
    }

    /** The caller's input failed: the stream ends with that error. */
    private void failFromInput(Throwable error) {
        inputFailure = error;
        channel.close();
    }

    private void onCancel() {
        Channel ch = channel;
        if (killOnCancel && ch != null && ch.isActive()) {
            ch.writeAndFlush(TerminalWire.kill());
            ch.writeAndFlush(TerminalWire.kill());
        }
    }
}
