package dev.wrenn.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** One measured figure, one line of a results file: bench, scenario, subject, metric, value, unit. */
public record Result(String bench, String scenario, String subject, String metric, double value, String unit) {

    public String toLine() {
        return String.join("\t", bench, scenario, subject, metric, String.format(Locale.ROOT, "%.6g", value), unit);
    }

    public static Result parse(String line) {
        String[] f = line.split("\t");
        return new Result(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), f[5]);
    }

    public static void append(Path file, List<Result> results) {
        try {
            Files.write(file, results.stream().map(Result::toLine).toList(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
