package dev.wrenn.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * B3: list calls with a fixed number in flight: calls per second, p50 and p99 latency, and how many TCP
 * connections the server accepted for them (the pool's reuse).
 */
public final class RequestBench {

    public record Params(int calls, int warmupCalls, int concurrency, Duration timeout) {
        public static Params full() {
            // A long warm-up: the request path takes over 100,000 calls to settle after JIT compilation here.
            return new Params(200_000, 150_000, 64, Duration.ofMinutes(3));
        }
    }

    static final List<String> SUBJECTS = Subjects.CLIENT_AND_RAW;

    private RequestBench() {
    }

    public static List<Result> run(Params params, String baseUrl) {
        List<Result> results = new ArrayList<>();
        Subjects.each(SUBJECTS, baseUrl, subject -> {
            subject.list().block(params.timeout());
            callAll(subject, params.warmupCalls(), params);
        }, subject -> {
            LoadServer.Counters before = LoadServer.fetchCounters(baseUrl);
            Measure.ThreadUse used = Measure.ThreadUse.now();
            long start = System.nanoTime();
            long[] latencies = callAll(subject, params.calls(), params);
            double seconds = Measure.seconds(System.nanoTime() - start);
            used = Measure.ThreadUse.now().since(used);
            long connections = LoadServer.fetchCounters(baseUrl).minus(before).connections();

            String name = params.concurrency() + " in flight";
            results.add(new Result("B3", name, subject.name(), "calls/s", params.calls() / seconds, "1/s"));
            results.add(new Result("B3", name, subject.name(), "p50", Measure.percentile(latencies, 0.50) / 1e3, "us"));
            results.add(new Result("B3", name, subject.name(), "p99", Measure.percentile(latencies, 0.99) / 1e3, "us"));
            // The client side's own cost, which a busy machine's scheduling does not blur as it does the rate.
            results.add(new Result("B3", name, subject.name(), "CPU per call (caller's JVM)",
                    used.cpuNanos() / 1e3 / params.calls(), "us"));
            results.add(new Result("B3", name, subject.name(), "allocated per call (caller's JVM)",
                    used.allocatedBytes() / (double) params.calls(), "B"));
            // The pool was filled during the warm-up: new connections here would mean connections are not reused.
            results.add(new Result("B3", name, subject.name(), "new connections", connections,
                    "during " + params.calls() + " measured calls"));
        });
        return results;
    }

    /** Makes {@code calls} list calls, {@code concurrency} at a time; returns each call's latency in nanoseconds. */
    private static long[] callAll(Subject subject, int calls, Params params) {
        long[] latencies = new long[calls];
        Flux.range(0, calls)
                .flatMap(i -> Mono.defer(() -> {
                    long start = System.nanoTime();
                    return subject.list().doOnNext(processes -> {
                        if (processes.size() != LoadServer.LISTED_PROCESSES) {
                            throw new IllegalStateException("expected " + LoadServer.LISTED_PROCESSES + " processes, got " + processes);
                        }
                        latencies[i] = System.nanoTime() - start;
                    });
                }), params.concurrency())
                .then()
                .block(params.timeout());
        return latencies;
    }
}
