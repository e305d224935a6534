package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * B2 and B5: many concurrent attachments on one client. Every stream sends its start event, then waits at a
 * gate of the load server, so that all stay open however long attaching them all takes; the harness measures
 * the time until every attachment got its start event and the heap each holds while all are open, then
 * opens the gate: each stream sends its periodic output and exits, and every event must arrive, no stream
 * fail. Each subject first attaches a smaller warm-up batch.
 */
public final class ConcurrencyBench {

    public record Params(String bench, List<String> subjects, int attachments, Scenario scenario, int warmupAttachments,
                         Duration timeout) {
        /** B2: the client beside the raw loop. */
        public static Params full() {
            return new Params("B2", Subjects.CLIENT_AND_RAW, 10_000, OUTPUT, 2_000, Duration.ofMinutes(3));
        }

        /** B5: as many attachments as one process may hold sockets here (the open-file limit is 20,000), on the client alone. */
        public static Params scale() {
            return new Params("B5", List.of(WrennSubject.NAME), 19_000, OUTPUT, 2_000, Duration.ofMinutes(3));
        }
    }

    /** What each stream sends once its gate opens: 10 frames of 64 B, one every 200 ms. */
    private static final Scenario OUTPUT = Scenario.periodic(64, 10, Duration.ofMillis(200));
    private static final Scenario WARMUP = Scenario.periodic(64, 3, Duration.ofMillis(100));

    private ConcurrencyBench() {
    }

    public static List<Result> run(Params params, String baseUrl) {
        List<Result> results = new ArrayList<>();
        Subjects.each(params.subjects(), baseUrl,
                subject -> Attachments.open(subject, params.warmupAttachments(), WARMUP).awaitFinished(params.timeout()),
                subject -> results.addAll(measure(subject, params, baseUrl)));
        return results;
    }

    private static List<Result> measure(Subject subject, Params params, String baseUrl) {
        int n = params.attachments();
        String gate = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Scenario scenario = params.scenario().after(gate);
        long heapBefore = Measure.usedHeapAfterGc();
        long start = System.nanoTime();
        Attachments all = Attachments.open(subject, n, scenario);
        all.awaitAttached(params.timeout());
        long attachNanos = System.nanoTime() - start;
        long stillOpen = all.finished.getCount();
        long heapAttached = Measure.usedHeapAfterGc();
        LoadServer.openGate(baseUrl, gate);
        all.awaitFinished(params.timeout());

        String name = n + " attachments";
        long expected = n * params.scenario().expectedEvents();
        List<Result> results = new ArrayList<>();
        results.add(new Result(params.bench(), name, subject.name(), "attach all", Measure.seconds(attachNanos), "s"));
        results.add(new Result(params.bench(), name, subject.name(), "heap per attachment",
                (heapAttached - heapBefore) / (double) n / 1024.0, "KiB"));
        results.add(new Result(params.bench(), name, subject.name(), "open when heap measured", stillOpen, "streams"));
        results.add(new Result(params.bench(), name, subject.name(), "events delivered", all.events.get(), "of " + expected));
        results.add(new Result(params.bench(), name, subject.name(), "incomplete streams", all.incomplete.get(), "streams"));
        results.add(new Result(params.bench(), name, subject.name(), "errors", all.errors.size(), "streams"));
        if (!all.errors.isEmpty()) {
            System.err.println(subject.name() + ": first of " + all.errors.size() + " errors: " + all.errors.peek());
        }
        // Let the closed connections go before the next subject is measured under the same conditions.
        Measure.sleep(2000);
        return results;
    }

    /** A batch of concurrent attachments and what they delivered. */
    private static final class Attachments {
        final CountDownLatch attached;
        final CountDownLatch finished;
        final AtomicLong events = new AtomicLong();
        final AtomicLong incomplete = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        final List<Disposable> streams;
        final String subject;

        private Attachments(String subject, int n) {
            this.subject = subject;
            this.attached = new CountDownLatch(n);
            this.finished = new CountDownLatch(n);
            this.streams = new ArrayList<>(n);
        }

        static Attachments open(Subject subject, int n, Scenario scenario) {
            Attachments batch = new Attachments(subject.name(), n);
            for (int i = 0; i < n; i++) {
                StreamTally tally = new StreamTally();
                batch.streams.add(subject.attach(scenario.tag())
                        .doOnNext(event -> {
                            tally.record(event);
                            if (event instanceof ProcessEvent.Started) {
                                batch.attached.countDown();
                            }
                        })
                        .doFinally(signal -> {
                            batch.events.addAndGet(tally.events());
                            if (!tally.isComplete(scenario)) {
                                batch.incomplete.incrementAndGet();
                            }
                            batch.finished.countDown();
                        })
                        .subscribe(null, batch.errors::add));
            }
            return batch;
        }

        void awaitAttached(Duration timeout) {
            await(attached, timeout, "attached");
        }

        void awaitFinished(Duration timeout) {
            await(finished, timeout, "finished");
            streams.forEach(Disposable::dispose);
        }

        private void await(CountDownLatch latch, Duration timeout, String what) {
            try {
                if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    streams.forEach(Disposable::dispose);
                    throw new IllegalStateException(subject + ": " + latch.getCount() + " streams not " + what
                            + " within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
