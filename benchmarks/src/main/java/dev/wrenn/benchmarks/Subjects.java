package dev.wrenn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.Consumer;

/** The subjects each harness compares, made fresh for each run and closed after it. */
final class Subjects {

    private Subjects() {
    }

    /**
     * Names the only subject to run in this JVM (for example {@code -Dbench.subject=wrenn-client}); unset, all
     * run. {@code run.sh} gives each subject a fresh JVM, so that none runs on code another got compiled, and
     * alternates their order from run to run.
     */
    static final String ONLY = System.getProperty("bench.subject");

    static List<Subject> clientAndBaseline(String baseUrl) {
        return selected(List.of(
                () -> new WrennSubject(baseUrl),
                () -> new RawReactorNettySubject(baseUrl, RawReactorNettySubject.Decoding.JACKSON_TREE)));
    }

    static List<Subject> withTransportCeiling(String baseUrl) {
        return selected(List.of(
                () -> new RawReactorNettySubject(baseUrl, RawReactorNettySubject.Decoding.NONE),
                () -> new WrennSubject(baseUrl),
                () -> new RawReactorNettySubject(baseUrl, RawReactorNettySubject.Decoding.JACKSON_TREE)));
    }

    private static List<Subject> selected(List<Supplier<Subject>> candidates) {
        List<Subject> chosen = new ArrayList<>();
        for (Supplier<Subject> candidate : candidates) {
            Subject subject = candidate.get();
            if (ONLY == null || ONLY.equals(subject.name())) {
                chosen.add(subject);
            } else {
                subject.close();
            }
        }
        return chosen;
    }

    /**
     * Warms every subject up, then runs {@code measure} on each in turn, then closes them all. Warming all of
     * them before measuring any keeps the order from favouring the later ones, which would otherwise run on
     * code the earlier ones got compiled.
     */
    static void each(List<Subject> subjects, Consumer<Subject> warmUp, Consumer<Subject> measure) {
        try {
            subjects.forEach(warmUp);
            subjects.forEach(measure);
        } finally {
            subjects.forEach(Subject::close);
        }
    }
}
