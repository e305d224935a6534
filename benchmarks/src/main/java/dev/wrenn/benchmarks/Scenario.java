package dev.wrenn.benchmarks;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load server's process writes on one stream: {@code frames} stdout frames of {@code frameSize}
 * bytes, one every {@code period} or, with a zero period, as fast as the connection takes them; then exit.
 * With a {@code gate}, the stream sends its start event at once but its output only once the gate of that
 * name was opened ({@link LoadServer#openGate}), so that a batch of streams stays open until then. With
 * {@code closeFrame}, the server sends a close frame after exit; without, it closes TCP at once, as the service does.
 * It travels as the process tag, so every subject opens exactly the same stream.
 */
public record Scenario(int frameSize, long frames, Duration period, String gate, boolean closeFrame) {

    private static final Pattern TAG = Pattern.compile(
            "out-(\\d+)x(\\d+)-every-(\\d+)ms(?:-after-([a-z0-9]+))?(-then-close-frame)?");

    public static Scenario burst(int frameSize, long frames) {
        return new Scenario(frameSize, frames, Duration.ZERO, null, false);
    }

    public static Scenario periodic(int frameSize, long frames, Duration period) {
        return new Scenario(frameSize, frames, period, null, false);
    }

    public static Scenario parse(String tag) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a load scenario: " + tag);
        }
        return new Scenario(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
                Duration.ofMillis(Long.parseLong(m.group(3))), m.group(4),
                m.group(5) != null);
    }

    /** This scenario, its output held back until the gate of this name is opened. */
    public Scenario after(String gateName) {
        return new Scenario(frameSize, frames, period, gateName, closeFrame);
    }

    /** This scenario, ended by a close frame before TCP closes. */
    public Scenario withCloseFrame() {
        return new Scenario(frameSize, frames, period, gate, true);
    }

    public String tag() {
        return "out-" + frameSize + "x" + frames + "-every-" + period.toMillis() + "ms" + (gate == null ? "" : "-after-" + gate)
                + (closeFrame ? "-then-close-frame" : "");
    }

    /** Stdout events and stdout frame bytes a complete stream delivers; plus one start and one exit event. */
    public long expectedEvents() {
        return frames + 2;
    }

    public long stdoutBytes() {
        return frames * frameSize;
    }
}
