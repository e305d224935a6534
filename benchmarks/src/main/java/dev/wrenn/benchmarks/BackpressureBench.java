package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Schedulers;

/**
 * B4: a subscriber that takes one event per interval while the server offers far more than it can take, for
 * every subject that decodes. One that reads only as fast as the subscriber asks keeps its heap flat, and the
 * server ends up blocked by TCP backpressure: it writes little more than what was consumed plus the socket
 * buffers. One that reads regardless holds what the subscriber has not taken yet: its heap grows with it.
 */
public final class BackpressureBench {

    private static final long GIB = 1024L * 1024 * 1024;

    public record Params(Scenario scenario, Duration duration, Duration takeEvery, Duration sampleEvery) {
        /** 32 KiB frames, the service's largest chunk, 1 GiB on offer, for 10 s. */
        public static Params full() {
            int frameSize = 32 * 1024;
            return new Params(Scenario.burst(frameSize, GIB / frameSize), Duration.ofSeconds(10),
                    Duration.ofMillis(10), Duration.ofSeconds(1));
        }
    }

    static final List<String> SUBJECTS = Subjects.DECODING;

    private BackpressureBench() {
    }

    public static List<Result> run(Params params, String baseUrl) {
        List<Result> results = new ArrayList<>();
        Subjects.each(SUBJECTS, baseUrl, subject -> { }, subject -> {
            long heapBefore = Measure.usedHeapAfterGc();
            LoadServer.Counters before = LoadServer.fetchCounters(baseUrl);
            SlowSubscriber subscriber = new SlowSubscriber(params.takeEvery());
            subject.attach(params.scenario().tag()).subscribe(subscriber);

            long maxGrowth = 0;
            long end = System.nanoTime() + params.duration().toNanos();
            while (System.nanoTime() < end) {
                Measure.sleep(params.sampleEvery().toMillis());
                maxGrowth = Math.max(maxGrowth, Measure.usedHeapAfterGc() - heapBefore);
            }
            long written = LoadServer.fetchCounters(baseUrl).minus(before).stdoutBytes();
            subscriber.dispose();
            if (subscriber.failure != null) {
                throw new IllegalStateException(subject.name() + " failed", subscriber.failure);
            }

            long consumed = subscriber.stdoutEvents.get() * params.scenario().frameSize();
            String name = params.scenario().frameSize() / 1024 + " KiB frames, 1 per " + params.takeEvery().toMillis() + " ms, "
                    + params.duration().toSeconds() + " s";
            results.add(new Result("B4", name, subject.name(), "max heap growth", Measure.mebibytes(maxGrowth), "MiB"));
            results.add(new Result("B4", name, subject.name(), "offered by server", Measure.mebibytes(params.scenario().stdoutBytes()), "MiB"));
            results.add(new Result("B4", name, subject.name(), "written by server", Measure.mebibytes(written), "MiB"));
            results.add(new Result("B4", name, subject.name(), "consumed by subscriber", Measure.mebibytes(consumed), "MiB"));
            results.add(new Result("B4", name, subject.name(), "written minus consumed", Measure.mebibytes(written - consumed), "MiB"));
        });
        return results;
    }

    /** Requests one event, and the next one only {@code takeEvery} after each arrives. */
    private static final class SlowSubscriber extends BaseSubscriber<ProcessEvent> {
        private final Duration takeEvery;
        final AtomicLong stdoutEvents = new AtomicLong();
        volatile Throwable failure;

        SlowSubscriber(Duration takeEvery) {
            this.takeEvery = takeEvery;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(ProcessEvent event) {
            if (event instanceof ProcessEvent.Stdout) {
                stdoutEvents.incrementAndGet();
            }
            Schedulers.parallel().schedule(() -> request(1), takeEvery.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void hookOnError(Throwable error) {
            failure = error;
        }
    }
}
