package dev.wrenn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each harness with tiny sizes against an in-process load server: it completes, every event arrives and
 * nothing fails. No figure is asserted; the benchmarks proper run from {@code run.sh}.
 */
class HarnessSmokeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final InProcessLoadServer server = new InProcessLoadServer();

    @Test
    void throughput() {
        List<Result> results = ThroughputBench.run(new ThroughputBench.Params(
                List.of(Scenario.burst(64, 20), Scenario.burst(4096, 5)), 1, TIMEOUT), server.baseUrl());

        assertThat(results).extracting(Result::subject).containsOnlyElementsOf(Subjects.ALL).containsAll(Subjects.ALL);
        assertThat(results).allSatisfy(r -> assertThat(r.value()).isPositive());
    }

    @Test
    void concurrency() {
        Scenario scenario = Scenario.periodic(64, 3, Duration.ofMillis(50));
        List<Result> results = ConcurrencyBench.run(new ConcurrencyBench.Params("B2", Subjects.CLIENT_AND_RAW, 20, scenario, 5,
                TIMEOUT), server.baseUrl());

        assertThat(values(results, "events delivered")).containsOnly(20.0 * scenario.expectedEvents());
        assertThat(values(results, "incomplete streams")).containsOnly(0.0);
        assertThat(values(results, "errors")).containsOnly(0.0);
    }

    @Test
    void requests() {
        List<Result> results = RequestBench.run(new RequestBench.Params(50, 10, 8, TIMEOUT), server.baseUrl());

        assertThat(values(results, "calls/s")).hasSize(2).allSatisfy(v -> assertThat(v).isPositive());
        // Reused: the 50 measured calls (8 in flight) open at most a few connections beyond the warm-up's.
        assertThat(values(results, "new connections")).hasSize(2).allSatisfy(v -> assertThat(v).isBetween(0.0, 8.0));
    }

    @Test
    void backpressure() {
        BackpressureBench.Params params = new BackpressureBench.Params(Scenario.burst(32 * 1024, 500),
                Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMillis(250));
        List<Result> results = BackpressureBench.run(params, server.baseUrl());

        assertThat(results).extracting(Result::subject).containsOnlyElementsOf(Subjects.DECODING).containsAll(Subjects.DECODING);
        assertThat(values(results, "consumed by subscriber")).allSatisfy(v -> assertThat(v).isPositive());
        assertThat(values(results, "written by server")).allSatisfy(v -> assertThat(v).isPositive());
    }

    private static List<Double> values(List<Result> results, String metric) {
        return results.stream().filter(r -> r.metric().equals(metric)).map(Result::value).toList();
    }
}
