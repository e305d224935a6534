package dev.wrenn.emulator.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One subscriber's view of a process's output, from the moment it attached. Chunks wait in a buffer of at most
 * {@code capacity} entries and leave it only as fast as the subscriber requests them; when the buffer is full
 * the oldest chunk is dropped, as upstream's broadcast does. The terminal event is kept apart so it is never
 * dropped, and is delivered after the buffered chunks.
 */
final class Attachment {

    private final int capacity;
    private final StreamStats stats;
    private final Consumer<Attachment> onDetach;

    private final ArrayDeque<ProcessEvent.Output> backlog = new ArrayDeque<>(); // guarded by this
    private ProcessEvent terminal;                                               // guarded by this
    private boolean finished;                                                    // guarded by this

    /** Serializes emission: whoever increments it from 0 emits until no more work was signalled. */
    private final AtomicInteger drainRequests = new AtomicInteger();
    private volatile FluxSink<ProcessEvent> sink;

    Attachment(int capacity, StreamStats stats, Consumer<Attachment> onDetach) {
        this.capacity = capacity;
        this.stats = stats;
        this.onDetach = onDetach;
    }

    /** The events, honouring the subscriber's demand. Subscribe at most once; cancelling detaches. */
    Flux<ProcessEvent> events() {
        return Flux.create(s -> {
            if (sink != null) {
                s.error(new IllegalStateException("an attachment has a single subscriber"));
                return;
            }
            sink = s;
            s.onDispose(this::detach);
            s.onRequest(n -> drain());
        });
    }

    void offer(ProcessEvent.Output chunk) {
        synchronized (this) {
            if (finished || terminal != null) {
                return;
            }
            if (backlog.size() == capacity) {
                backlog.poll();
                stats.recordDrop();
            }
            backlog.add(chunk);
            stats.recordBacklog(backlog.size());
        }
        drain();
    }

    void terminate(ProcessEvent end) {
        synchronized (this) {
            if (finished || terminal != null) {
                return;
            }
            terminal = end;
        }
        drain();
    }

    /** Stops receiving and releases the buffer. Idempotent. */
    void detach() {
        synchronized (this) {
            finished = true;
            backlog.clear();
        }
        onDetach.accept(this);
    }

    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            FluxSink<ProcessEvent> s = sink;
            if (s != null) {
                emitWhileRequested(s);
            }
            missed = drainRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private void emitWhileRequested(FluxSink<ProcessEvent> s) {
        while (true) {
            ProcessEvent next;
            boolean last;
            synchronized (this) {
                if (finished || s.requestedFromDownstream() == 0) {
                    return;
                }
                next = backlog.poll();
                last = next == null && terminal != null;
                if (last) {
                    next = terminal;
                    finished = true;
                } else if (next == null) {
                    return;
                }
            }
            s.next(next);
            if (last) {
                s.complete();
                return;
            }
        }
    }
}
