package dev.wrenn.client.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Operators;

/**
 * The timers of the stream connections, all on the connection's event loop: the deadline of the WebSocket
 * upgrade, and once upgraded, the idle watchdog and the keepalive ({@link Watch}, one per connection). One
 * instance, owned by {@link StreamTransport}, serves every process and terminal stream.
 */
final class StreamTimers {

    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final Duration keepAlive;
    private final long idleNanos;
    private final long keepAliveNanos;

    /**
     * @param handshakeTimeout how long the upgrade may take
     * @param idleTimeout      how long a connection may stay silent while its subscriber waits; null for ever
     * @param keepAlive        how often to send a WebSocket ping; null for never
     */
    StreamTimers(Duration handshakeTimeout, Duration idleTimeout, Duration keepAlive) {
        this.handshakeTimeout = handshakeTimeout;
        this.idleTimeout = idleTimeout;
        this.keepAlive = keepAlive;
        this.idleNanos = idleTimeout == null ? 0 : idleTimeout.toNanos();
        this.keepAliveNanos = keepAlive == null ? 0 : keepAlive.toNanos();
    }

    /** How long the upgrade may take; also how long a cancelled exec/stream reads on to learn its PID. */
    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How long a connection may stay silent; null for ever. */
    Duration idleTimeout() {
        return idleTimeout;
    }

    /** How often a ping is sent; null for never. */
    Duration keepAlive() {
        return keepAlive;
    }

    /** Runs {@code onTimeout} if the upgrade is not answered in time, unless the returned future is cancelled. */
    ScheduledFuture<?> upgradeDeadline(EventExecutor loop, Runnable onTimeout) {
        return loop.schedule(onTimeout, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The idle watchdog and keepalive of one new connection, to start once it is upgraded; one shared
     * {@link Watch#OFF} when both are off, so that a connection then carries no timer state at all.
     */
    Watch watch() {
        return idleNanos == 0 && keepAliveNanos == 0 ? Watch.OFF : new LiveWatch();
    }

    /** What a connection tells its timers, and how it starts and stops them. */
    interface Watch {

        /** No idle watchdog and no keepalive. */
        Watch OFF = new Watch() {
        };

        /** A frame arrived: the service is alive. On the event loop. */
        default void frameRead() {
        }

        /** The subscriber asked for {@code n} more events. Any thread. */
        default void requested(long n) {
        }

        /** An event went to the subscriber. */
        default void delivered() {
        }

        /**
         * Starts the watchdog and the keepalive on {@code channel}'s event loop; they stop by themselves once
         * {@code ended} says so or the channel is closed.
         *
         * @param onIdle runs on the event loop each time the watchdog finds the connection silent for too long
         */
        default void start(Channel channel, BooleanSupplier ended, Runnable onIdle) {
        }

        default void stop() {
        }
    }

    /**
     * The idle watchdog and keepalive of one connection. The idle clock runs only while the subscriber waits
     * for events it requested: a slow subscriber is not a silent service. Frames and deliveries are counted on
     * the event loop, where the watchdog checks them, so that a frame costs no clock reading.
     */
    private final class LiveWatch implements Watch {

        private static final AtomicLongFieldUpdater<LiveWatch> OUTSTANDING =
                AtomicLongFieldUpdater.newUpdater(LiveWatch.class, "outstanding");

        /** Events requested and not yet delivered. */
        private volatile long outstanding;
        /** When the subscriber last started waiting, having waited for nothing before. */
        private volatile long waitingSince = System.nanoTime();
        /** Frames read, and the count and time the watchdog last saw: on the event loop only. */
        private long frames;
        private long framesSeen;
        private long lastSeenNanos = System.nanoTime();
        private volatile ScheduledFuture<?> idleCheck;
        private volatile ScheduledFuture<?> keepAlive;

        @Override
        public void frameRead() {
            frames++;
        }

        @Override
        public void requested(long n) {
            if (idleNanos > 0 && OUTSTANDING.getAndAccumulate(this, n, Operators::addCap) == 0) {
                waitingSince = System.nanoTime();
            }
        }

        @Override
        public void delivered() {
            long n = outstanding;
            if (idleNanos > 0 && n != Long.MAX_VALUE && n != 0) {
                OUTSTANDING.getAndUpdate(this, left -> left == Long.MAX_VALUE || left == 0 ? left : left - 1);
            }
        }

        @Override
        public void start(Channel channel, BooleanSupplier ended, Runnable onIdle) {
            EventExecutor loop = channel.eventLoop();
            lastSeenNanos = System.nanoTime();
            if (idleNanos > 0) {
                long period = Math.max(idleNanos / 4, MIN_CHECK_NANOS);
                idleCheck = loop.scheduleAtFixedRate(() -> {
                    if (ended.getAsBoolean()) {
                        stop();
                    } else if (silentTooLong()) {
                        onIdle.run();
                    }
                }, period, period, TimeUnit.NANOSECONDS);
            }
            if (keepAliveNanos > 0) {
                keepAlive = loop.scheduleAtFixedRate(() -> {
                    if (ended.getAsBoolean() || !channel.isActive()) {
                        stop(); // a stream that ended before its timers started
                    } else {
                        channel.writeAndFlush(new PingWebSocketFrame());
                    }
                }, keepAliveNanos, keepAliveNanos, TimeUnit.NANOSECONDS);
            }
        }

        private boolean silentTooLong() {
            long now = System.nanoTime();
            if (frames != framesSeen) {
                framesSeen = frames;
                lastSeenNanos = now;
            }
            long quietSince = Math.max(lastSeenNanos, waitingSince);
            return outstanding > 0 && now - quietSince > idleNanos;
        }

        @Override
        public void stop() {
            cancel(idleCheck);
            cancel(keepAlive);
        }
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
