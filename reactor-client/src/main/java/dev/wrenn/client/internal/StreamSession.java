package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.ProtocolException;
import dev.wrenn.client.StreamInterruptedException;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.WrennTimeoutException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One process stream on one WebSocket connection: the termination rules of the protocol, the idle watchdog
 * and the keepalive. The rules:
 * <ul>
 *   <li>an {@code exit} frame is the normal end: emit it, complete, and close the connection;</li>
 *   <li>an {@code error} frame ends the stream with the typed error its text maps to;</li>
 *   <li>any other end (a close with or without close frame, a reset) is a {@link StreamInterruptedException},
 *       never a completion, because the exit code is then unknown;</li>
 *   <li>a frame that is not valid JSON text ends it with a {@link ProtocolException}.</li>
 * </ul>
 * Reads follow demand: Reactor Netty reads from the socket only while the subscriber has requested events,
 * so a slow subscriber holds at most the frames of one read in memory.
 */
final class StreamSession {

    private static final Logger log = Loggers.getLogger(StreamSession.class);
    private static final byte[] STOP = "{\"type\":\"stop\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    record Settings(FrameDecoder decoder, int maxFrameSize, long idleTimeoutNanos, long keepAliveNanos) {
    }

    private final Settings settings;
    private final String operation;
    private final String capsuleId;
    private final byte[] startMessage;
    /** For exec/stream the selector is the PID the {@code start} frame reports. */
    private ProcessSelector selector;

    private volatile Channel channel;
    private volatile WrennException failure;
    /** Events requested by the subscriber and not yet read: the idle clock runs only while this is positive. */
    private final AtomicLong outstanding = new AtomicLong();
    private volatile long lastReadNanos;
    private volatile ScheduledFuture<?> idleCheck;
    private volatile ScheduledFuture<?> keepAlive;

    StreamSession(Settings settings, String operation, String capsuleId, ProcessSelector selector, byte[] startMessage) {
        this.settings = settings;
        this.operation = operation;
        this.capsuleId = capsuleId;
        this.selector = selector;
        this.startMessage = startMessage;
    }

    /** Runs once the upgrade succeeded, on the connection's event loop. */
    Publisher<ProcessEvent> run(WebsocketInbound in, WebsocketOutbound out) {
        in.withConnection(connection -> {
            connection.removeHandler(StreamTransport.HANDSHAKE_TIMEOUT_HANDLER);
            channel = connection.channel();
        });
        startTimers();
        Flux<WebSocketFrame> frames = in.aggregateFrames(settings.maxFrameSize())
                .receiveFrames()
                .doOnRequest(this::onRequest)
                .doOnNext(frame -> onRead());
        Flux<ProcessEvent> events = frames
                .concatWith(Mono.error(this::endedEarly))
                .handle(this::onFrame);
        if (startMessage != null) {
            events = out.sendObject(new TextWebSocketFrame(Unpooled.wrappedBuffer(startMessage)))
                    .then()
                    .thenMany(events)
                    .doOnCancel(this::sendStop);
        }
        return events.doFinally(signal -> stopTimers());
    }

    private void onFrame(WebSocketFrame frame, SynchronousSink<ProcessEvent> sink) {
        if (frame instanceof TextWebSocketFrame) {
            FrameDecoder.Outcome outcome;
            try {
                outcome = settings.decoder().decode(frame.content(), capsuleId, selector);
            } catch (ProtocolException e) {
                sink.error(new ProtocolException(operation + ": " + e.getMessage(), 0, null, null, e.getCause()));
                return;
            }
            if (outcome instanceof FrameDecoder.Event e) {
                ProcessEvent event = e.event();
                if (event instanceof ProcessEvent.Started started && selector == null) {
                    selector = ProcessSelector.pid(started.pid());
                    event = new ProcessEvent.Started(capsuleId, selector, started.pid());
                }
                sink.next(event);
                if (event instanceof ProcessEvent.Exited) {
                    sink.complete();
                }
            } else if (outcome instanceof FrameDecoder.ServerError error) {
                sink.error(ErrorMapper.fromErrorFrame(operation, error.text()));
            } else if (outcome instanceof FrameDecoder.Unknown unknown) {
                log.debug("{}: skipping frame of unknown type '{}'", operation, unknown.type());
            }
        } else if (!(frame instanceof PongWebSocketFrame)) {
            // Pongs answer our keepalive and only count as activity; anything else breaks the protocol.
            sink.error(new ProtocolException(operation + ": unexpected " + frame.getClass().getSimpleName()
                    + "; the service sends JSON text frames only", 0, null, null, null));
        }
    }

    private WrennException endedEarly() {
        WrennException recorded = failure;
        if (recorded != null) {
            return recorded;
        }
        return new StreamInterruptedException(operation + ": the connection closed before the process's exit was"
                + " reported; its exit code is unknown and output may be missing", 0, null, null, null);
    }

    /** Maps a failure of this stream: after the upgrade, a broken connection is an interrupted stream. */
    Throwable translate(Throwable error) {
        WrennException recorded = failure;
        if (recorded != null) {
            return recorded;
        }
        if (error instanceof WrennException) {
            return error;
        }
        if (channel != null) {
            if (error instanceof TooLongFrameException || error instanceof CorruptedFrameException) {
                return new ProtocolException(operation + ": invalid frame from the service ("
                        + error.getMessage() + ")", 0, null, null, error);
            }
            if (error instanceof java.io.IOException || error instanceof reactor.netty.channel.AbortedException) {
                return new StreamInterruptedException(operation + ": the connection failed before the process's"
                        + " exit was reported (" + error.getMessage() + ")", 0, null, null, error);
            }
        }
        return ErrorMapper.fromTransport(operation, error);
    }

    private void sendStop() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(STOP)));
        }
    }

    // ---- idle watchdog and keepalive, both on the connection's event loop ----

    private void onRequest(long n) {
        long before = outstanding.getAndAccumulate(n, (current, add) -> {
            long sum = current + add;
            return sum < 0 ? Long.MAX_VALUE : sum; // saturate: unbounded demand
        });
        if (before == 0) {
            lastReadNanos = System.nanoTime(); // the subscriber starts waiting now
        }
    }

    private void onRead() {
        outstanding.getAndUpdate(current -> current == Long.MAX_VALUE || current == 0 ? current : current - 1);
        lastReadNanos = System.nanoTime();
    }

    private void startTimers() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        lastReadNanos = System.nanoTime();
        long idle = settings.idleTimeoutNanos();
        if (idle > 0) {
            long period = Math.max(idle / 4, TimeUnit.MILLISECONDS.toNanos(10));
            idleCheck = ch.eventLoop().scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.NANOSECONDS);
        }
        long ping = settings.keepAliveNanos();
        if (ping > 0) {
            keepAlive = ch.eventLoop().scheduleAtFixedRate(() -> {
                if (ch.isActive()) {
                    ch.writeAndFlush(new PingWebSocketFrame());
                }
            }, ping, ping, TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle() {
        long silent = System.nanoTime() - lastReadNanos;
        if (outstanding.get() > 0 && silent > settings.idleTimeoutNanos() && failure == null) {
            failure = new WrennTimeoutException(operation + ": no frame from the service for "
                    + Duration.ofNanos(settings.idleTimeoutNanos()) + " while waiting for events"
                    + (settings.keepAliveNanos() > 0 ? " (keepalive pings unanswered)" : ""), 0, null, null, null);
            channel.close();
        }
    }

    private void stopTimers() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
    }
}
