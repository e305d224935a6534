package dev.wrenn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the raw results of several rounds into the markdown tables of the benchmark report: each figure the
 * median of its rounds with their spread (min-max), one column per subject, and the client's ratios to the
 * wire's limit and to the raw loop: {@code Summary RESULTS.tsv [JMH.json]}, the tables on standard output.
 */
public final class Summary {

    private static final String CLIENT = WrennSubject.NAME;

    private Summary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            System.out.println(decoderTable(JsonMapper.builder().build().readTree(Path.of(args[1]))));
        }
        System.out.println(harnessTable(Files.readAllLines(Path.of(args[0])).stream()
                .filter(line -> !line.isBlank())
                .map(Result::parse)
                .toList()));
    }

    static String harnessTable(List<Result> results) {
        Map<String, Map<String, List<Double>>> byRow = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Result r : results) {
            String row = r.bench() + " | " + r.scenario() + " | " + r.metric();
            byRow.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(r.value());
            units.put(row, r.unit());
        }
        StringBuilder md = new StringBuilder("| bench | scenario | figure | unit | ")
                .append(String.join(" | ", Subjects.ALL))
                .append(" | client / frames-only | client / raw | rounds |\n")
                .append("|---".repeat(7 + Subjects.ALL.size())).append("|\n");
        byRow.forEach((row, bySubject) -> {
            String unit = units.get(row);
            md.append("| ").append(row).append(" | ").append(unit).append(" | ");
            for (String subject : Subjects.ALL) {
                md.append(bySubject.containsKey(subject) ? spread(bySubject.get(subject), unit) : "").append(" | ");
            }
            md.append(ratio(bySubject, RawReactorNettySubject.FRAMES_ONLY_NAME)).append(" | ")
                    .append(ratio(bySubject, RawReactorNettySubject.NAME)).append(" | ")
                    .append(bySubject.values().stream().mapToInt(List::size).max().orElse(0)).append(" |\n");
        });
        return md.toString();
    }

    /** JMH results: the median of the measurement iterations, for throughput and allocation per operation. */
    static String decoderTable(JsonNode jmh) {
        StringBuilder md = new StringBuilder("| decoder | frame | buffer | ops/s | B/op | iterations |\n|---|---|---|---|---|---|\n");
        for (JsonNode run : jmh) {
            String benchmark = run.path("benchmark").asString();
            md.append("| ").append(benchmark.substring(benchmark.lastIndexOf('.') + 1))
                    .append(" | ").append(run.path("params").path("frameSize").asString()).append(" B")
                    .append(" | ").append(run.path("params").path("buffer").asString())
                    .append(" | ").append(number(median(iterations(run.path("primaryMetric")))))
                    .append(" | ").append(number(median(iterations(run.path("secondaryMetrics").path("gc.alloc.rate.norm")))))
                    .append(" | ").append(iterations(run.path("primaryMetric")).size()).append(" |\n");
        }
        return md.toString();
    }

    private static List<Double> iterations(JsonNode metric) {
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            fork.forEach(value -> values.add(value.asDouble()));
        }
        return values;
    }

    private static String ratio(Map<String, List<Double>> bySubject, String baseline) {
        List<Double> client = bySubject.get(CLIENT);
        List<Double> base = bySubject.get(baseline);
        if (client == null || base == null || median(base) == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", median(client) / median(base));
    }

    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The median, and the range of the rounds when there were several and they differ. */
    private static String spread(List<Double> values, String unit) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        String median = figure(median(values), unit);
        return min == max ? median : median + " (" + figure(min, unit) + " - " + figure(max, unit) + ")";
    }

    /** Rates compactly (1.34 M, 606 k), as the report reads them; everything else in full. */
    private static String figure(double value, String unit) {
        if (unit.equals("1/s") && value >= 1e6) {
            return String.format(Locale.ROOT, "%.3g M", value / 1e6);
        }
        if (unit.equals("1/s") && value >= 1e4) {
            return String.format(Locale.ROOT, "%.3g k", value / 1e3);
        }
        return number(value);
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
