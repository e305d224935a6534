package dev.wrenn.client.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The deadline of one REST attempt: the attempt fails with {@code failure} unless it has ended within
 * {@code duration} of its subscription. It does what {@code Mono.timeout(duration, Mono.error(..))} does, with
 * one subscriber and one timer per attempt where that allocates half a dozen objects. After the deadline has
 * passed, whatever the cancelled attempt still signals goes nowhere.
 *
 * <p>An attempt subscribed on a Netty event loop (as one made from another call's result is) gets its timer on
 * that loop, where setting and cancelling it touch only the loop's own queue; anywhere else Reactor's parallel
 * scheduler times it. A timer that fires on the loop builds its failure there, without blocking.
 */
final class Deadline<T> extends MonoOperator<T, T> {

    private final long nanos;
    private final Supplier<? extends Throwable> failure;

    Deadline(Mono<? extends T> source, Duration duration, Supplier<? extends Throwable> failure) {
        super(source);
        this.nanos = duration.toNanos();
        this.failure = failure;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new Timed<>(actual, nanos, failure));
    }

    private static final class Timed<T> implements CoreSubscriber<T>, Subscription, Runnable {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Timed> ENDED = AtomicIntegerFieldUpdater.newUpdater(Timed.class, "ended");

        private final CoreSubscriber<? super T> actual;
        private final long nanos;
        private final Supplier<? extends Throwable> failure;
        private @Nullable Subscription upstream;
        private volatile @Nullable Disposable timer;
        /** 1 once the first of the value, the completion, an error, a cancel or the deadline has come. */
        private volatile int ended;

        Timed(CoreSubscriber<? super T> actual, long nanos, Supplier<? extends Throwable> failure) {
            this.actual = actual;
            this.nanos = nanos;
            this.failure = failure;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                // Started after the subscriber has its subscription, so that it never fails before it; an
                // attempt that ended in the meantime (synchronously) finds no timer, so it is cancelled here.
                Disposable started = start(this, nanos);
                timer = started;
                if (ended != 0) {
                    started.dispose();
                }
            }
        }

        /** A Mono's value ends it: the completion is passed on with it, so the deadline cannot come between. */
        @Override
        public void onNext(T value) {
            if (end()) {
                actual.onNext(value);
                actual.onComplete();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (end()) {
                actual.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (end()) {
                actual.onComplete();
            }
        }

        /** The deadline. */
        @Override
        public void run() {
            if (ENDED.compareAndSet(this, 0, 1)) {
                upstream.cancel();
                actual.onError(failure.get());
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            end();
            upstream.cancel();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        private static Disposable start(Runnable deadline, long nanos) {
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            if (loop == null) {
                return Schedulers.parallel().schedule(deadline, nanos, TimeUnit.NANOSECONDS);
            }
            ScheduledFuture<?> timer = loop.schedule(deadline, nanos, TimeUnit.NANOSECONDS);
            return () -> timer.cancel(false);
        }

        /** Whether this signal is the end, which stops the timer; false when something else ended it first. */
        private boolean end() {
            if (!ENDED.compareAndSet(this, 0, 1)) {
                return false;
            }
            Disposable started = timer;
            if (started != null) {
                started.dispose();
            }
            return true;
        }
    }
}
