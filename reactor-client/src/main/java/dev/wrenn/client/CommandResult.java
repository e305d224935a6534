package dev.wrenn.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The outcome of a command that ran to its end: its output, exit code and duration. Made by
 * {@link Processes#exec(Command)} and by {@link ProcessStreams#collect} from a stream.
 *
 * <p>Output is kept as the exact bytes: when the service sends binary output base64-encoded, it is
 * decoded here, and {@link #stdoutBytes()} returns what the process wrote. The text accessors decode those
 * bytes as UTF-8, replacing invalid sequences, without changing what the byte accessors return.
 */
public final class CommandResult {

    private final byte[] stdout;
    private final byte[] stderr;
    private final int exitCode;
    private final Duration duration;

    /**
     * @param stdout   what the process wrote to stdout
     * @param stderr   what the process wrote to stderr
     * @param exitCode its exit code, {@code -1} when a signal ended it
     * @param duration how long it ran
     */
    public CommandResult(byte[] stdout, byte[] stderr, int exitCode, Duration duration) {
        this.stdout = Arguments.notNull(stdout, "stdout").clone();
        this.stderr = Arguments.notNull(stderr, "stderr").clone();
        this.exitCode = exitCode;
        this.duration = Arguments.notNull(duration, "duration");
    }

    /** Stdout as UTF-8 text (invalid sequences become U+FFFD). */
    public String stdout() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Stderr as UTF-8 text (invalid sequences become U+FFFD). */
    public String stderr() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** A copy of the exact bytes written to stdout. */
    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    /** A copy of the exact bytes written to stderr. */
    public byte[] stderrBytes() {
        return stderr.clone();
    }

    /** The exit code; {@code -1} when a signal ended the process. */
    public int exitCode() {
        return exitCode;
    }

    /** Whether the exit code is 0. */
    public boolean isSuccess() {
        return exitCode == 0;
    }

    /** How long the command ran, as measured by the service (foreground exec) or the client (collected streams). */
    public Duration duration() {
        return duration;
    }

    @Override
    public String toString() {
        return "CommandResult[exitCode=" + exitCode + ", duration=" + duration + ", stdout=" + stdout.length
                + " bytes, stderr=" + stderr.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandResult r && exitCode == r.exitCode && duration.equals(r.duration)
                && Arrays.equals(stdout, r.stdout) && Arrays.equals(stderr, r.stderr);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(stdout) + Arrays.hashCode(stderr)) + exitCode;
    }
}
