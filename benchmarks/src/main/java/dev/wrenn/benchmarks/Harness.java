package dev.wrenn.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs end-to-end harnesses and appends their figures to a results file:
 * {@code Harness [--server URL] [--out FILE] b1 b2 b3 b4 b5}. Without {@code --server} it starts a load server
 * in this JVM; B2 and B5 are meant to get one in its own JVM (see {@code run.sh}).
 * {@code Harness --subjects bN} prints the names of the subjects harness bN compares, one a line.
 */
public final class Harness {

    private Harness() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--subjects")) {
            subjectsOf(args[1]).forEach(System.out::println);
            return;
        }
        String serverUrl = null;
        Path out = Path.of("benchmark-results.tsv");
        List<String> benches = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> serverUrl = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> benches.add(args[i]);
            }
        }
        if (serverUrl != null) {
            runAll(benches, serverUrl, out);
        } else {
            try (LoadServer server = new LoadServer(0, 2, Duration.ofSeconds(120))) {
                runAll(benches, server.baseUrl(), out);
            }
        }
        // Reactor Netty's shared event loops are non-daemon.
        System.exit(0);
    }

    static List<String> subjectsOf(String bench) {
        return switch (bench) {
            case "b1" -> ThroughputBench.SUBJECTS;
            case "b2" -> ConcurrencyBench.Params.full().subjects();
            case "b3" -> RequestBench.SUBJECTS;
            case "b4" -> BackpressureBench.SUBJECTS;
            case "b5" -> ConcurrencyBench.Params.scale().subjects();
            default -> throw unknown(bench);
        };
    }

    private static void runAll(List<String> benches, String baseUrl, Path out) {
        for (String bench : benches) {
            List<Result> results = switch (bench) {
                case "b1" -> ThroughputBench.run(ThroughputBench.Params.full(), baseUrl);
                case "b2" -> ConcurrencyBench.run(ConcurrencyBench.Params.full(), baseUrl);
                case "b3" -> RequestBench.run(RequestBench.Params.full(), baseUrl);
                case "b4" -> BackpressureBench.run(BackpressureBench.Params.full(), baseUrl);
                case "b5" -> ConcurrencyBench.run(ConcurrencyBench.Params.scale(), baseUrl);
                default -> throw unknown(bench);
            };
            results.forEach(r -> System.out.println(r.toLine()));
            Result.append(out, results);
        }
    }

    private static IllegalArgumentException unknown(String bench) {
        return new IllegalArgumentException("unknown harness " + bench + "; expected b1, b2, b3, b4 or b5");
    }
}
