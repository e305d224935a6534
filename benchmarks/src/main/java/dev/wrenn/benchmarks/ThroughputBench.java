package dev.wrenn.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * B1: one attachment receiving a burst of stdout frames as fast as the server sends them, for every subject
 * (the wire's limit, the hand-written alternatives, the client), each warmed up first.
 */
public final class ThroughputBench {

    public record Params(List<Scenario> scenarios, int warmupRounds, Duration timeout) {
        public static Params full() {
            // Sized so that the slowest subject takes a few seconds per stream (a warm-up stream, then the measured one).
            return new Params(List.of(Scenario.burst(64, 1_000_000), Scenario.burst(4096, 50_000)), 1, Duration.ofMinutes(2));
        }
    }

    static final List<String> SUBJECTS = Subjects.ALL;

    private ThroughputBench() {
    }

    public static List<Result> run(Params params, String baseUrl) {
        List<Result> results = new ArrayList<>();
        Subjects.each(SUBJECTS, baseUrl, subject -> {
            for (Scenario scenario : params.scenarios()) {
                for (int i = 0; i < params.warmupRounds(); i++) {
                    receiveAll(subject, scenario, params.timeout());
                }
            }
        }, subject -> {
            for (Scenario scenario : params.scenarios()) {
                long nanos = receiveAll(subject, scenario, params.timeout());
                double seconds = Measure.seconds(nanos);
                String name = scenario.frameSize() + "B frames";
                results.add(new Result("B1", name, subject.name(), "events/s", scenario.frames() / seconds, "1/s"));
                results.add(new Result("B1", name, subject.name(), "MB/s", scenario.stdoutBytes() / 1e6 / seconds, "MB/s"));
            }
        });
        return results;
    }

    /** Receives one whole stream and returns how long it took, from subscribing to the exit event. */
    private static long receiveAll(Subject subject, Scenario scenario, Duration timeout) {
        StreamTally tally = new StreamTally();
        long start = System.nanoTime();
        subject.attach(scenario.tag()).doOnNext(tally::record).blockLast(timeout);
        long nanos = System.nanoTime() - start;
        if (!tally.isComplete(scenario)) {
            throw new IllegalStateException(subject.name() + " did not receive the whole stream: " + tally);
        }
        return nanos;
    }
}
