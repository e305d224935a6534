package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.WrennProtocolException;
import dev.wrenn.client.WrennException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.Context;

/**
 * One process stream on one WebSocket connection, as a single operator between the connection's frames and
 * the subscriber of events: it decodes each frame, builds the public events from the {@link WireFrame}s,
 * applies the protocol's termination rules, and decides what a cancel does; its idle watchdog and keepalive
 * are a {@link StreamTimers.Watch}. The rules:
 * <ul>
 *   <li>an {@code exit} frame is the normal end: emit it, complete, and close the connection;</li>
 *   <li>an {@code error} frame ends the stream with the typed error its text maps to;</li>
 *   <li>a close before {@code start} is the service's answer for an unknown process: not found;</li>
 *   <li>any other end (a close with or without close frame, a reset) is a stream interrupted, never a
 *       completion, because the exit code is then unknown;</li>
 *   <li>a frame that is not valid JSON text ends it with a {@link WrennProtocolException}.</li>
 * </ul>
 * The stream ends once: the first of these, a failure to connect, or a cancel wins, atomically, and every
 * later signal goes nowhere. A cancel closes the connection; on {@code exec/stream} it also sends {@code stop}
 * and kills the process (the service only detaches), and if {@code start} has not arrived yet, the session
 * keeps reading, emitting nothing, until it does (or the clean-up timeout passes) so that it learns the PID.
 * <p>
 * Demand passes straight through: one frame is read per event requested (plus one per frame that yields no
 * event), and Reactor Netty reads from the socket only while there is demand, so a slow subscriber holds at
 * most the frames of one socket read in memory. Fragmented messages are reassembled here, up to the maximum
 * frame size, rather than by a handler in every connection's pipeline.
 */
final class StreamSession implements CoreSubscriber<Object>, Subscription,
        BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Object>>, Supplier<String> {

    private static final Logger log = Loggers.getLogger(StreamSession.class);
    private static final byte[] STOP = "{\"type\":\"stop\"}".getBytes(StandardCharsets.UTF_8);
    private static final AtomicIntegerFieldUpdater<StreamSession> STATE =
            AtomicIntegerFieldUpdater.newUpdater(StreamSession.class, "state");

    /** The subscriber is listening. */
    private static final int LIVE = 0;
    /**
     * The subscriber cancelled before the upgrade was done, or cancelled an exec/stream before {@code start}: the
     * stream finishes quietly, reading on for the PID to kill if there may be a process.
     */
    private static final int AWAITING_PID = 1;
    /** Ended: nothing more goes downstream. */
    private static final int DONE = 2;

    /** What every stream of one client shares. */
    record Settings(FrameDecoder decoder, int maxFrameSize, StreamTimers timers) {
    }

    private final Settings settings;
    private final String capsuleId;
    /** For exec/stream: the program, to name the operation; null when attaching. */
    private final String program;
    private final byte[] startMessage;
    /** For exec/stream: ends the process after a cancel, given its PID; null to detach. */
    private final LongFunction<Mono<Void>> killer;
    /** For exec/stream the selector is the PID the {@code start} frame reports. */
    private ProcessSelector selector;

    /** Made when the first fragmented message arrives: most streams never see one. */
    private @Nullable FragmentBuffer fragments;
    private final StreamTimers.Watch watch;
    private CoreSubscriber<? super ProcessEvent> actual;
    private Subscription upstream;
    private volatile int state;
    /** The PID from {@code start}, or -1 before it. */
    private volatile long startedPid = -1;
    /** Set once the upgrade succeeded. */
    private volatile Channel channel;
    private volatile WrennException failure;
    private volatile ScheduledFuture<?> cleanupDeadline;

    private StreamSession(Settings settings, String capsuleId, ProcessSelector selector, String program,
                          byte[] startMessage, LongFunction<Mono<Void>> killer) {
        this.settings = settings;
        this.capsuleId = capsuleId;
        this.selector = selector;
        this.program = program;
        this.startMessage = startMessage;
        this.killer = killer;
        this.watch = settings.timers().watch();
    }

    static StreamSession connect(Settings settings, String capsuleId, ProcessSelector selector) {
        return new StreamSession(settings, capsuleId, selector, null, null, null);
    }

    /** @param killer ends the process after a cancel, given its PID; null to leave it running */
    static StreamSession execStream(Settings settings, String capsuleId, String program, byte[] startMessage,
                                    LongFunction<Mono<Void>> killer) {
        return new StreamSession(settings, capsuleId, null, program, startMessage, killer);
    }

    /** The stream's name, for the decoder's errors. */
    @Override
    public String get() {
        return operation();
    }

    /** Names the stream in error messages; built only when one is needed. */
    String operation() {
        return program == null ? "attach to " + selector + " in " + capsuleId
                : "exec/stream of " + program + " in " + capsuleId;
    }

    /** The events of a connection's frames: this session, applied to what its handler ({@link #apply}) gives. */
    Flux<ProcessEvent> events(Flux<Object> frames) {
        return frames.transform(Operators.<Object, ProcessEvent>lift((scannable, subscriber) -> {
            this.actual = subscriber;
            return this;
        }));
    }

    /**
     * The connection's handler: runs once the upgrade succeeded, on the connection's event loop. (The session is
     * its own handler, and with {@link #get} its own name in errors, so that a stream holds no extra objects.)
     */
    @Override
    public Publisher<Object> apply(WebsocketInbound in, WebsocketOutbound out) {
        in.withConnection(connection -> channel = connection.channel());
        watch.start(channel, () -> state == DONE, this::idle);
        // The inbound's objects as they are: the frames are told apart here, with no operator to filter or cast.
        @SuppressWarnings("unchecked")
        Flux<Object> frames = (Flux<Object>) in.receiveObject();
        Function<String, WrennException> refused = UpgradeGuard.upgraded(in, channel);
        if (refused != null) {
            // The upgrade failed (see UpgradeGuard): end with that failure, the way the idle watchdog does.
            failure = refused.apply(operation());
            channel.close();
            return frames;
        }
        if (state != LIVE) {
            // Cancelled during the upgrade: close now, and never start the process.
            channel.eventLoop().execute(this::finishAfterCancel);
            return frames;
        }
        if (startMessage == null) {
            return frames;
        }
        return out.sendObject(new TextWebSocketFrame(Unpooled.wrappedBuffer(startMessage))).then().thenMany(frames);
    }

    // ---- from the connection ----

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        actual.onSubscribe(this);
    }

    @Override
    public void onNext(Object message) {
        if (state == DONE) {
            return; // Reactor Netty releases the frame after this returns
        }
        if (!(message instanceof WebSocketFrame frame)) {
            upstream.request(1); // not a frame: nothing of the stream
            return;
        }
        watch.frameRead();
        try {
            if (frame instanceof TextWebSocketFrame && !assembling()) {
                if (frame.isFinalFragment()) {
                    onMessage(frame.content());
                } else {
                    if (fragments == null) {
                        fragments = new FragmentBuffer(settings.maxFrameSize());
                    }
                    fragments.start(frame.content(), operation());
                    upstream.request(1);
                }
            } else if (frame instanceof ContinuationWebSocketFrame && assembling()) {
                fragments.append(frame.content(), operation());
                if (frame.isFinalFragment()) {
                    onMessage(fragments.finish());
                } else {
                    upstream.request(1);
                }
            } else if (frame instanceof PongWebSocketFrame) {
                upstream.request(1); // a keepalive answer: activity, not an event
            } else {
                fail(ErrorMapper.unexpectedFrame(operation(), frame));
            }
        } catch (WrennProtocolException e) {
            fail(e);
        }
    }

    /** A fragmented message has started and not yet ended. */
    private boolean assembling() {
        return fragments != null && fragments.inProgress();
    }

    /** One whole JSON text message. */
    private void onMessage(ByteBuf json) {
        WireFrame frame = settings.decoder().decode(json, this);
        if (frame instanceof WireFrame.Output output) {
            emit(output.event(capsuleId, selector));
        } else if (frame instanceof WireFrame.Start start) {
            started(start.pid());
        } else if (frame instanceof WireFrame.Exit exit) {
            exited(new ProcessEvent.Exited(capsuleId, selector, exit.exitCode()));
        } else if (frame instanceof WireFrame.Error error) {
            fail(ErrorMapper.fromErrorFrame(operation(), error.text()));
        } else if (frame instanceof WireFrame.Unknown unknown) {
            log.debug("{}: skipping frame of unknown type '{}'", operation(), unknown.type());
            upstream.request(1);
        }
    }

    /** {@code start}: for exec/stream, the PID becomes the selector; after a cancel, the process is killed. */
    private void started(long pid) {
        if (selector == null) {
            selector = ProcessSelector.pid(pid);
        }
        startedPid = pid;
        if (state == AWAITING_PID) {
            stopAndKill(pid);
        } else {
            emit(new ProcessEvent.Started(capsuleId, selector, pid));
        }
    }

    /** {@code exit}: the normal end. */
    private void exited(ProcessEvent.Exited event) {
        if (STATE.compareAndSet(this, LIVE, DONE)) {
            actual.onNext(event);
            close();
            actual.onComplete();
        } else {
            end("the process exited");
        }
    }

    private void emit(ProcessEvent event) {
        if (state != LIVE) {
            return; // cancelled: output goes nowhere; all frames are requested while awaiting the PID
        }
        watch.delivered();
        actual.onNext(event);
    }

    @Override
    public void onError(Throwable error) {
        stopTimers();
        WrennException recorded = failure;
        Throwable mapped = recorded != null ? recorded
                : channel != null ? ErrorMapper.fromBrokenStream(operation(), error)
                : ErrorMapper.fromTransport(operation(), error);
        signalEnd(mapped);
    }

    @Override
    public void onComplete() {
        stopTimers();
        WrennException recorded = failure;
        signalEnd(recorded != null ? recorded
                : startedPid < 0 ? ErrorMapper.closedBeforeStart(operation())
                : ErrorMapper.closedBeforeExit(operation()));
    }

    @Override
    public Context currentContext() {
        return actual.currentContext();
    }

    /** The stream fails from this side (a bad frame, an {@code error} frame): close the connection, then tell. */
    private void fail(WrennException error) {
        if (STATE.compareAndSet(this, LIVE, DONE)) {
            close();
            actual.onError(error);
        } else {
            end(error.getMessage());
        }
    }

    /** The connection ended by itself: tell the subscriber, unless it has gone. */
    private void signalEnd(Throwable error) {
        if (STATE.compareAndSet(this, LIVE, DONE)) {
            actual.onError(error);
        } else if (STATE.getAndSet(this, DONE) != DONE) {
            log.debug("{}: ended while awaiting the PID after a cancel: {}", operation(), error.toString());
        }
    }

    /** Ends the clean-up after a cancel without a kill: the process ended, or there is nothing to learn. */
    private void end(String why) {
        if (STATE.compareAndSet(this, AWAITING_PID, DONE)) {
            log.debug("{}: cancelled before start; no kill: {}", operation(), why);
            close();
        }
    }

    // ---- from the subscriber of events ----

    @Override
    public void request(long n) {
        watch.requested(n);
        upstream.request(n);
    }

    /** Idempotent and thread-safe: only the first cancel, and only while the stream is live, does anything. */
    @Override
    public void cancel() {
        if (!STATE.compareAndSet(this, LIVE, AWAITING_PID)) {
            return;
        }
        if (channel == null) {
            // Not upgraded yet, so nothing started: apply() closes the connection once the upgrade is done (a
            // connection cut during the upgrade would be logged by Reactor Netty as a failure).
            return;
        }
        long pid = startedPid;
        if (killer == null) {
            finishAfterCancel();
        } else if (pid >= 0) {
            stopAndKill(pid);
        } else {
            // The start message is sent, its answer is on its way: read on until it comes, within a deadline.
            cleanupDeadline = channel.eventLoop().schedule(() -> end("no start within the clean-up timeout"),
                    settings.timers().handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            upstream.request(Long.MAX_VALUE);
        }
    }

    /** Closes the connection of a cancelled stream that has nothing to clean up. */
    private void finishAfterCancel() {
        if (STATE.getAndSet(this, DONE) != DONE) {
            close();
        }
    }

    /** After a cancel of exec/stream: send {@code stop}, close, and kill the process in the background. */
    private void stopAndKill(long pid) {
        if (!STATE.compareAndSet(this, AWAITING_PID, DONE)) {
            return;
        }
        stopTimers();
        onLoop(() -> {
            Channel ch = channel;
            if (ch.isActive()) {
                ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(STOP)));
            }
            cancelUpstream();
        });
        killer.apply(pid).subscribe(null, error ->
                log.debug("{}: killing process {} after cancel failed: {}", operation(), pid, error.toString()));
    }

    /** Stops the timers and cancels the inbound, which closes the connection. */
    private void close() {
        stopTimers();
        onLoop(this::cancelUpstream);
    }

    /**
     * Cancelling runs on the connection's event loop, where Reactor Netty closes the connection; from another
     * thread, a cancel racing the service's own close would fail there as a task, which Netty logs.
     */
    private void onLoop(Runnable task) {
        Channel ch = channel;
        EventLoop l = ch == null ? null : ch.eventLoop();
        if (l == null || l.inEventLoop()) {
            task.run();
            return;
        }
        try {
            l.execute(task);
        } catch (RejectedExecutionException shutDown) {
            task.run();
        }
    }

    /**
     * Once the service has closed the connection itself (right after {@code exit}, read later by a slow
     * subscriber), there is nothing left to close, and Reactor Netty's attempt to send a close frame on the
     * deregistered channel would throw before it releases the frames still queued: they are drained instead,
     * and go nowhere.
     */
    private void cancelUpstream() {
        Channel ch = channel;
        if (ch != null && !ch.isActive()) {
            upstream.request(Long.MAX_VALUE);
            return;
        }
        try {
            upstream.cancel();
        } catch (IllegalStateException alreadyClosed) {
            log.debug("{}: cancelled after the connection closed: {}", operation(), alreadyClosed.toString());
        }
    }

    /** The idle watchdog found the connection silent while the subscriber waited: the stream times out. */
    private void idle() {
        if (failure == null) {
            StreamTimers timers = settings.timers();
            failure = ErrorMapper.streamIdle(operation(), timers.idleTimeout(), timers.keepAlive() != null);
            channel.close();
        }
    }

    private void stopTimers() {
        watch.stop();
        StreamTimers.cancel(cleanupDeadline);
    }
}
