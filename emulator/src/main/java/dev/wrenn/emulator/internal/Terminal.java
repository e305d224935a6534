package dev.wrenn.emulator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A terminal session: a program under a real pseudo-terminal, through util-linux {@code script}, which gives the
 * program a terminal (echo, line discipline, window size) and relays it to its own stdin and stdout pipes. The
 * terminal is resized with {@code stty -F} on the program's terminal device, and the kernel then sends
 * {@code SIGWINCH} to the terminal's foreground process group, as for any resized terminal.
 * <p>
 * The session runs as an ordinary process of the capsule, tagged {@code pty-} + 8 hex digits: it is listed, and
 * it ends, with the capsule's other processes. Its PID is {@code script}'s.
 */
final class Terminal {

    static final String TAG_PREFIX = "pty-";
    private static final String SCRIPT = "/usr/bin/script";
    private static final String STTY = "/usr/bin/stty";
    private static final Path PROC = Path.of("/proc");
    /** How long a resize waits for the program's terminal to exist, right after the start. */
    private static final long DEVICE_WAIT_MILLIS = 5_000;

    private final HostProcess process;

    Terminal(HostProcess process) {
        this.process = process;
    }

    static String newTag() {
        return TAG_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    static boolean isTerminal(HostProcess process) {
        return process.tag().startsWith(TAG_PREFIX) && SCRIPT.equals(process.cmd());
    }

    /**
     * The process that runs {@code cmd args} under a terminal of {@code cols} x {@code rows}: {@code script} runs
     * {@code /bin/sh -c 'stty cols C rows R; exec "$0" "$@"' cmd args}, so the arguments are never parsed.
     */
    static ProcessSpec spec(String tag, String cmd, List<String> args, long cols, long rows,
                            Map<String, String> envs, String cwd) {
        StringBuilder shell = new StringBuilder("stty cols ").append(cols).append(" rows ").append(rows)
                .append("; exec ").append(quoted(cmd));
        args.forEach(arg -> shell.append(' ').append(quoted(arg)));
        Map<String, String> environment = new HashMap<>();
        environment.put("TERM", "xterm-256color");
        environment.putAll(envs);
        List<String> scriptArgs = new ArrayList<>(List.of("-q", "-f", "-e", "--echo", "always", "-c",
                shell.toString(), "/dev/null"));
        return ProcessSpec.of(SCRIPT, scriptArgs, tag, environment, cwd);
    }

    /** Single quotes for {@code /bin/sh}: nothing inside them is interpreted. */
    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    HostProcess process() {
        return process;
    }

    /** Blocking: call off event loops. */
    void write(byte[] bytes) throws IOException {
        process.writeInput(bytes);
    }

    /** Blocking: call off event loops. */
    void resize(long cols, long rows) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEVICE_WAIT_MILLIS);
        Path device = device(deadline);
        if (device == null) {
            return; // the program has already ended
        }
        // The new terminal is 0 x 0 until the start-up's own stty (see spec) sets the initial size: a resize
        // applied before that would be overwritten by it.
        while ("0 0".equals(stty(device, "size")) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        stty(device, "cols", Long.toString(cols), "rows", Long.toString(rows));
    }

    /** Runs {@code stty -F device args} and returns what it printed, trimmed. */
    private static String stty(Path device, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(STTY, "-F", device.toString()));
        command.addAll(List.of(args));
        Process stty = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!stty.waitFor(DEVICE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            stty.destroyForcibly();
        }
        return output.trim();
    }

    void kill() {
        process.signal(KillSignal.SIGKILL);
    }

    /** The terminal device: {@code script}'s child (the program) has it as its stdin. */
    private Path device(long deadline) throws InterruptedException {
        while (process.isAlive()) {
            Path device = ProcessHandle.of(process.pid()).stream()
                    .flatMap(ProcessHandle::children)
                    .map(child -> PROC.resolve(Long.toString(child.pid())).resolve("fd/0"))
                    .map(Terminal::linkTarget)
                    .filter(target -> target != null && target.startsWith("/dev/pts/"))
                    .findFirst().orElse(null);
            if (device != null || System.nanoTime() > deadline) {
                return device;
            }
            Thread.sleep(10); // script forks the program right after it starts
        }
        return null;
    }

    private static Path linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException gone) {
            return null;
        }
    }
}
