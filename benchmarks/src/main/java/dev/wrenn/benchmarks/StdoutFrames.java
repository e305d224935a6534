package dev.wrenn.benchmarks;

import java.nio.charset.StandardCharsets;

/** The JSON text of the stream frames the load server sends and the decoder benchmark reads. */
public final class StdoutFrames {

    public static final long PID = 42;

    private static final String OUTPUT_SAMPLE = "INFO request served path=/api/items status=200 took=3ms ";

    private StdoutFrames() {
    }

    /**
     * A {@code stdout} frame of exactly {@code frameSize} bytes of JSON, its data plain log text ending in an
     * escaped newline, as a process's output usually looks.
     */
    public static byte[] stdout(int frameSize) {
        String prefix = "{\"type\":\"stdout\",\"data\":\"";
        String suffix = "\\n\"}";
        int dataLength = frameSize - prefix.length() - suffix.length();
        if (dataLength < 1) {
            throw new IllegalArgumentException("a stdout frame needs at least " + (prefix.length() + suffix.length() + 1) + " bytes");
        }
        StringBuilder json = new StringBuilder(frameSize).append(prefix);
        for (int i = 0; i < dataLength; i++) {
            json.append(OUTPUT_SAMPLE.charAt(i % OUTPUT_SAMPLE.length()));
        }
        return json.append(suffix).toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] start() {
        return ascii("{\"type\":\"start\",\"pid\":" + PID + "}");
    }

    public static byte[] exit() {
        return ascii("{\"type\":\"exit\",\"exit_code\":0}");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
