package dev.wrenn.benchmarks;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load server's process writes on one stream: {@code frames} stdout frames of {@code frameSize}
 * bytes, one every {@code period} or, with a zero period, as fast as the connection takes them; then exit.
 * It travels as the process tag, so the client and the baseline open exactly the same stream.
 */
public record Scenario(int frameSize, long frames, Duration period) {

    private static final Pattern TAG = Pattern.compile("out-(\\d+)x(\\d+)-every-(\\d+)ms");

    public static Scenario burst(int frameSize, long frames) {
        return new Scenario(frameSize, frames, Duration.ZERO);
    }

    public static Scenario periodic(int frameSize, long frames, Duration period) {
        return new Scenario(frameSize, frames, period);
    }

    public static Scenario parse(String tag) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a load scenario: " + tag);
        }
        return new Scenario(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
                Duration.ofMillis(Long.parseLong(m.group(3))));
    }

    public String tag() {
        return "out-" + frameSize + "x" + frames + "-every-" + period.toMillis() + "ms";
    }

    /** Stdout events and stdout frame bytes a complete stream delivers; plus one start and one exit event. */
    public long expectedEvents() {
        return frames + 2;
    }

    public long stdoutBytes() {
        return frames * frameSize;
    }
}
