package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.ProtocolException;
import dev.wrenn.client.StreamInterruptedException;
import dev.wrenn.client.WrennException;
import dev.wrenn.client.WrennTimeoutException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.Context;

/**
 * One process stream on one WebSocket connection. It sits between Reactor Netty's inbound frames and the
 * subscriber of events, as a single operator: it decodes each frame, applies the protocol's termination rules,
 * and runs the idle watchdog and the keepalive. The rules:
 * <ul>
 *   <li>an {@code exit} frame is the normal end: emit it, complete, and close the connection;</li>
 *   <li>an {@code error} frame ends the stream with the typed error its text maps to;</li>
 *   <li>any other end (a close with or without close frame, a reset) is a {@link StreamInterruptedException},
 *       never a completion, because the exit code is then unknown;</li>
 *   <li>a frame that is not valid JSON text ends it with a {@link ProtocolException}.</li>
 * </ul>
 * Demand passes straight through: one frame is read per event requested (plus one per frame that yields no
 * event), and Reactor Netty reads from the socket only while there is demand, so a slow subscriber holds at
 * most the frames of one socket read in memory. Fragmented messages are reassembled here, up to the maximum
 * frame size, rather than by a handler in every connection's pipeline.
 */
final class StreamSession implements CoreSubscriber<WebSocketFrame>, Subscription, FrameDecoder.OtherFrames {

    private static final Logger log = Loggers.getLogger(StreamSession.class);
    private static final byte[] STOP = "{\"type\":\"stop\"}".getBytes(StandardCharsets.UTF_8);
    private static final AtomicLongFieldUpdater<StreamSession> OUTSTANDING =
            AtomicLongFieldUpdater.newUpdater(StreamSession.class, "outstanding");

    record Settings(FrameDecoder decoder, int maxFrameSize, long idleTimeoutNanos, long keepAliveNanos) {
    }

    private final Settings settings;
    private final String capsuleId;
    /** For exec/stream: the program, to name the operation; null when attaching. */
    private final String program;
    private final byte[] startMessage;
    /** For exec/stream the selector is the PID the {@code start} frame reports. */
    private ProcessSelector selector;

    private final FragmentBuffer fragments;
    private CoreSubscriber<? super ProcessEvent> actual;
    private Subscription upstream;
    /** Set once a terminal signal went downstream; touched only by the serialised upstream signals. */
    private boolean done;
    private volatile Channel channel;
    private volatile WrennException failure;
    /** Events requested and not yet delivered: the idle clock runs only while this is positive. */
    private volatile long outstanding;
    private volatile long lastReadNanos;
    private volatile ScheduledFuture<?> idleCheck;
    private volatile ScheduledFuture<?> keepAlive;

    private StreamSession(Settings settings, String capsuleId, ProcessSelector selector, String program,
                          byte[] startMessage) {
        this.settings = settings;
        this.capsuleId = capsuleId;
        this.selector = selector;
        this.program = program;
        this.startMessage = startMessage;
        this.fragments = new FragmentBuffer(settings.maxFrameSize());
    }

    static StreamSession attach(Settings settings, String capsuleId, ProcessSelector selector) {
        return new StreamSession(settings, capsuleId, selector, null, null);
    }

    static StreamSession execStream(Settings settings, String capsuleId, String program, byte[] startMessage) {
        return new StreamSession(settings, capsuleId, null, program, startMessage);
    }

    /** Names the stream in error messages; built only when one is needed. */
    String operation() {
        return program == null ? "attach to " + selector + " in " + capsuleId
                : "exec/stream of " + program + " in " + capsuleId;
    }

    /** Runs once the upgrade succeeded, on the connection's event loop. */
    Publisher<ProcessEvent> run(WebsocketInbound in, WebsocketOutbound out) {
        in.withConnection(connection -> {
            connection.removeHandler(StreamTransport.HANDSHAKE_TIMEOUT_HANDLER);
            channel = connection.channel();
        });
        startTimers();
        Flux<ProcessEvent> events = in.receiveFrames()
                .transform(Operators.<WebSocketFrame, ProcessEvent>lift((scannable, subscriber) -> bind(subscriber)));
        if (startMessage == null) {
            return events;
        }
        return out.sendObject(new TextWebSocketFrame(Unpooled.wrappedBuffer(startMessage))).then().thenMany(events);
    }

    private StreamSession bind(CoreSubscriber<? super ProcessEvent> subscriber) {
        this.actual = subscriber;
        return this;
    }

    // ---- from Reactor Netty's frames ----

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        actual.onSubscribe(this);
    }

    @Override
    public void onNext(WebSocketFrame frame) {
        if (done) {
            return; // Reactor Netty releases the frame after this returns
        }
        if (settings.idleTimeoutNanos() > 0) {
            lastReadNanos = System.nanoTime();
        }
        try {
            if (frame instanceof TextWebSocketFrame && !fragments.inProgress()) {
                if (frame.isFinalFragment()) {
                    onMessage(frame.content());
                } else {
                    fragments.start(frame.content(), operation());
                    upstream.request(1);
                }
            } else if (frame instanceof ContinuationWebSocketFrame && fragments.inProgress()) {
                fragments.append(frame.content(), operation());
                if (frame.isFinalFragment()) {
                    onMessage(fragments.finish());
                } else {
                    upstream.request(1);
                }
            } else if (frame instanceof PongWebSocketFrame) {
                upstream.request(1); // a keepalive answer: activity, not an event
            } else {
                fail(new ProtocolException(operation() + ": unexpected " + frame.getClass().getSimpleName()
                        + "; the service sends JSON text frames only", 0, null, null, null));
            }
        } catch (ProtocolException e) {
            fail(e);
        }
    }

    /** One whole JSON text message. */
    private void onMessage(ByteBuf json) {
        ProcessEvent event;
        try {
            event = settings.decoder().decode(json, capsuleId, selector, this);
        } catch (ProtocolException e) {
            throw new ProtocolException(operation() + ": " + e.getMessage(), 0, null, null, e.getCause());
        }
        if (event == null) {
            return; // an error or unknown frame, handled below
        }
        if (event instanceof ProcessEvent.Started started && selector == null) {
            selector = ProcessSelector.pid(started.pid());
            event = new ProcessEvent.Started(capsuleId, selector, started.pid());
        }
        if (settings.idleTimeoutNanos() > 0) {
            OUTSTANDING.getAndUpdate(this, n -> n == Long.MAX_VALUE || n == 0 ? n : n - 1);
        }
        actual.onNext(event);
        if (event instanceof ProcessEvent.Exited) {
            done = true;
            close();
            actual.onComplete();
        }
    }

    @Override
    public void serverError(String text) {
        fail(ErrorMapper.fromErrorFrame(operation(), text));
    }

    @Override
    public void unknownType(String type) {
        log.debug("{}: skipping frame of unknown type '{}'", operation(), type);
        upstream.request(1);
    }

    @Override
    public void onError(Throwable error) {
        if (done) {
            Operators.onErrorDropped(error, actual.currentContext());
            return;
        }
        done = true;
        stopTimers();
        actual.onError(translate(error));
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        done = true;
        stopTimers();
        WrennException recorded = failure;
        actual.onError(recorded != null ? recorded : new StreamInterruptedException(operation()
                + ": the connection closed before the process's exit was reported; its exit code is unknown"
                + " and output may be missing", 0, null, null, null));
    }

    @Override
    public Context currentContext() {
        return actual.currentContext();
    }

    private void fail(WrennException error) {
        done = true;
        close();
        actual.onError(error);
    }

    // ---- from the subscriber of events ----

    @Override
    public void request(long n) {
        if (settings.idleTimeoutNanos() > 0
                && OUTSTANDING.getAndAccumulate(this, n, (current, add) -> Operators.addCap(current, add)) == 0) {
            lastReadNanos = System.nanoTime(); // the subscriber starts waiting now
        }
        upstream.request(n);
    }

    @Override
    public void cancel() {
        if (startMessage != null) {
            sendStop();
        }
        close();
    }

    /** Maps a failure of the connection, unless the idle watchdog already said why it closed it. */
    private Throwable translate(Throwable error) {
        WrennException recorded = failure;
        return recorded != null ? recorded : ErrorMapper.fromBrokenStream(operation(), error);
    }

    /**
     * Stops the timers and cancels the inbound, which closes the connection. Once the service has closed the
     * connection itself (right after {@code exit}, read later by a slow subscriber), Reactor Netty's attempt to
     * send a close frame on the deregistered channel throws; there is nothing left to close then.
     */
    private void close() {
        stopTimers();
        try {
            upstream.cancel();
        } catch (IllegalStateException alreadyClosed) {
            log.debug("{}: cancelled after the connection closed: {}", operation(), alreadyClosed.toString());
        }
    }

    private void sendStop() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(STOP)));
        }
    }

    // ---- idle watchdog and keepalive, both on the connection's event loop ----

    private void startTimers() {
        Channel ch = channel;
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
        if (outstanding > 0 && silent > settings.idleTimeoutNanos() && failure == null) {
            failure = new WrennTimeoutException(operation() + ": no frame from the service for "
                    + Duration.ofNanos(settings.idleTimeoutNanos()) + " while waiting for events"
                    + (settings.keepAliveNanos() > 0 ? " (keepalive pings unanswered)" : ""), 0, null, null, null);
            channel.close();
        }
    }

    private void stopTimers() {
        ScheduledFuture<?> idle = idleCheck;
        if (idle != null) {
            idle.cancel(false);
        }
        ScheduledFuture<?> ping = keepAlive;
        if (ping != null) {
            ping.cancel(false);
        }
    }
}
