package dev.wrenn.emulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes sure no process started by one emulator outlives it, however its JVM ends.
 *
 * <p>Every process runs in a session of its own (through {@code setsid}, where the host has it), so that signals
 * meant for the emulator's terminal or process group do not reach it and it cannot signal the emulator's group.
 * Every process also carries {@value #MARKER}{@code =<instance id>} in its environment, which its children inherit
 * through fork, {@code setsid} and double forks. {@link #killMarkedProcesses} kills every process that carries
 * the marker; the emulator calls it on close and from its shutdown hook.
 *
 * <p>For a JVM that dies without running either (SIGKILL, a crash), a small watchdog shell is started with a pipe
 * from the JVM as its stdin. When the pipe reaches end of file, which the kernel makes happen whenever the JVM goes
 * away, the watchdog kills every marked process and deletes the temporary root directory. On a normal close the
 * pipe is closed and the watchdog, finding nothing left to do, exits. Finding processes by marker reads
 * {@code /proc}; where there is none (macOS) only the root directory is cleaned up after the JVM dies.
 */
final class ProcessContainment {

    /** The environment variable naming the emulator instance a process belongs to. */
    static final String MARKER = "WRENN_EMULATOR_INSTANCE";

    private static final String SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    private static final Path PROC = Path.of("/proc");
    private static final long WATCHDOG_EXIT_WAIT_MILLIS = 5_000;
    private static final long KILL_ROUND_PAUSE_MILLIS = 10;
    /*
     * $1: the marker entry, $2: a directory to delete or "". Terminal signals are ignored so that Ctrl-C or a
     * hang-up that ends the JVM does not end the watchdog first; read returns at end of file. At most 100 rounds
     * of killing, in case a process cannot be killed.
     */
    private static final String WATCHDOG_SCRIPT = """
            trap '' HUP INT QUIT TERM
            while read -r _; do :; done
            round=0
            while [ "$round" -lt 100 ]; do
              pids=
              for file in $(grep -lsxzF -- "$1" /proc/[0-9]*/environ); do
                pid=${file#/proc/}; pids="$pids ${pid%/environ}"
              done
              [ -n "$pids" ] || break
              kill -KILL $pids 2>/dev/null
              round=$((round + 1))
            done
            [ -z "$2" ] || rm -rf -- "$2"
            """;

    private final String instanceId;
    private final byte[] markerEntry;
    private final Process watchdog;

    private ProcessContainment(String instanceId, Process watchdog) {
        this.instanceId = instanceId;
        this.markerEntry = ("\0" + MARKER + "=" + instanceId + "\0").getBytes(StandardCharsets.UTF_8);
        this.watchdog = watchdog;
    }

    /**
     * Picks a new instance ID and starts the watchdog. Blocking.
     *
     * @param rootToDelete the temporary root directory the watchdog deletes if the JVM dies; {@code null} for none
     */
    static ProcessContainment start(Path rootToDelete) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String instanceId = HexFormat.of().formatHex(random);
        List<String> command = inNewSession(List.of("/bin/sh", "-c", WATCHDOG_SCRIPT, "wrenn-emulator-watchdog",
                MARKER + "=" + instanceId, rootToDelete == null ? "" : rootToDelete.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // An emulator running inside another one's capsule: its watchdog must survive the outer one's sweep.
        builder.environment().remove(MARKER);
        try {
            return new ProcessContainment(instanceId, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator's process watchdog", e);
        }
    }

    /** Makes {@code builder} start its process in a new session, carrying this instance's marker. */
    void prepare(ProcessBuilder builder) {
        builder.command(inNewSession(builder.command()));
        builder.environment().put(MARKER, instanceId);
    }

    /**
     * SIGKILLs every process carrying this instance's marker, again and again until none is left (a process may
     * fork while its siblings are being killed), for at most {@code within}. Blocking; a no-op without
     * {@code /proc}.
     */
    void killMarkedProcesses(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            List<ProcessHandle> marked;
            while (!(marked = ProcessHandle.allProcesses().filter(this::isMarked).toList()).isEmpty()
                    && System.nanoTime() < deadline) {
                marked.forEach(ProcessHandle::destroyForcibly);
                Thread.sleep(KILL_ROUND_PAUSE_MILLIS); // a killed process stays visible until it has exited
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the watchdog: it sweeps once more (finding nothing after {@link #killMarkedProcesses}) and exits.
     * Waits a few seconds at most. Blocking.
     */
    void close() {
        try {
            watchdog.getOutputStream().close();
            if (!watchdog.waitFor(WATCHDOG_EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (IOException e) {
            watchdog.destroyForcibly();
        } catch (InterruptedException e) {
            watchdog.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean isMarked(ProcessHandle process) {
        byte[] environment;
        try {
            environment = Files.readAllBytes(PROC.resolve(Long.toString(process.pid())).resolve("environ"));
        } catch (IOException | SecurityException gone) {
            return false; // exited, another user's, or no /proc
        }
        // Entries are NUL-terminated: look for NUL, entry, NUL in NUL + environment.
        byte[] framed = new byte[environment.length + 1];
        System.arraycopy(environment, 0, framed, 1, environment.length);
        return indexOf(framed, markerEntry) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<String> inNewSession(List<String> command) {
        List<String> result = new ArrayList<>();
        if (SETSID != null) {
            result.add(SETSID);
        }
        result.addAll(command);
        return result;
    }
}
