package dev.wrenn.benchmarks;

import java.util.List;
import java.util.function.Consumer;

/** The subjects each harness compares, made fresh for each run and closed after it. */
final class Subjects {

    /** Every subject, in the order of the report's columns: the wire's limit first, the client last. */
    static final List<String> ALL = List.of(RawReactorNettySubject.FRAMES_ONLY_NAME, RawReactorNettySubject.NAME,
            JdkWebSocketSubject.NAME, OkHttpSubject.NAME, SpringWebSocketSubject.NAME, WrennSubject.NAME);
    /** Every subject that decodes events: all but the wire's limit. */
    static final List<String> DECODING = ALL.subList(1, ALL.size());
    static final List<String> CLIENT_AND_RAW = List.of(RawReactorNettySubject.NAME, WrennSubject.NAME);

    /**
     * Names the only subject to run in this JVM (for example {@code -Dbench.subject=wrenn-client}); unset, all
     * run. {@code run.sh} gives each subject a fresh JVM, so that none runs on code another got compiled, and
     * alternates their order from round to round.
     */
    static final String ONLY = System.getProperty("bench.subject");

    private Subjects() {
    }

    static Subject create(String name, String baseUrl) {
        return switch (name) {
            case RawReactorNettySubject.FRAMES_ONLY_NAME -> new RawReactorNettySubject(baseUrl, RawReactorNettySubject.Decoding.NONE);
            case RawReactorNettySubject.NAME -> new RawReactorNettySubject(baseUrl, RawReactorNettySubject.Decoding.STREAMING);
            case JdkWebSocketSubject.NAME -> new JdkWebSocketSubject(baseUrl);
            case OkHttpSubject.NAME -> new OkHttpSubject(baseUrl);
            case SpringWebSocketSubject.NAME -> new SpringWebSocketSubject(baseUrl);
            case WrennSubject.NAME -> new WrennSubject(baseUrl);
            default -> throw new IllegalArgumentException("unknown subject " + name + "; expected one of " + ALL);
        };
    }

    /**
     * Warms each of the named subjects (only {@link #ONLY} if set) up, then runs {@code measure} on each in turn,
     * then closes them all. Warming all of them before measuring any keeps the order from favouring the later
     * ones, which would otherwise run on code the earlier ones got compiled.
     */
    static void each(List<String> names, String baseUrl, Consumer<Subject> warmUp, Consumer<Subject> measure) {
        List<Subject> subjects = names.stream().filter(name -> ONLY == null || ONLY.equals(name))
                .map(name -> create(name, baseUrl)).toList();
        try {
            subjects.forEach(warmUp);
            subjects.forEach(measure);
        } finally {
            subjects.forEach(Subject::close);
        }
    }
}
