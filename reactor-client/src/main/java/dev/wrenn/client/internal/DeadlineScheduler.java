package dev.wrenn.client.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Times the deadlines of REST calls. A call subscribed on a Netty event loop (as one made from another call's
 * result is) gets its timer on that loop, where setting and cancelling it touch only the loop's own queue;
 * anywhere else, and for everything but delayed tasks, Reactor's parallel scheduler does the work. A timer
 * that fires runs on the loop, where the failure it signals is built without blocking.
 */
final class DeadlineScheduler implements Scheduler {

    static final Scheduler INSTANCE = new DeadlineScheduler();

    private DeadlineScheduler() {
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return Schedulers.parallel().schedule(task, delay, unit);
        }
        ScheduledFuture<?> timer = loop.schedule(task, delay, unit);
        return () -> timer.cancel(false);
    }

    @Override
    public Disposable schedule(Runnable task) {
        return Schedulers.parallel().schedule(task);
    }

    @Override
    public Worker createWorker() {
        return Schedulers.parallel().createWorker();
    }
}
