package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Looks at host processes and waits for conditions, polling with a deadline instead of sleeping blindly. */
final class HostProcesses {

    static final Duration DEADLINE = Duration.ofSeconds(15);

    private HostProcesses() {
    }

    /**
     * Whether {@code pid} is a running process. A zombie (dead, not yet reaped by its new parent) counts as
     * dead: {@code ProcessHandle.isAlive()} alone reports it alive until init reaps it.
     */
    static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    static void awaitGone(long pid) {
        await("process " + pid + " to end", () -> !isRunning(pid));
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, condition, DEADLINE);
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for a file written by a process in a capsule, and returns its trimmed content. */
    static String awaitFile(Path file) {
        await(file + " to be written", () -> Files.exists(file) && sizeOf(file) > 0);
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A shell snippet that blocks until a file named {@code go} exists in the working directory; tests create it
     * with {@link #openGate} once they are attached, so nothing races with the attach.
     */
    static String gated(String script) {
        return "while [ ! -f go ]; do sleep 0.02; done; " + script;
    }

    static void openGate(Path directory) {
        try {
            Files.writeString(directory.resolve("go"), "go");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
