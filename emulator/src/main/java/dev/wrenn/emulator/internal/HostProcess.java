package dev.wrenn.emulator.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real operating-system process started for a capsule. Two dedicated threads read its stdout and stderr in
 * chunks of at most 32 KiB and publish them to its {@link OutputFanOut}; once the process has exited and its
 * pipes are drained, the fan-out gets the terminal event.
 */
final class HostProcess {

    private static final int CHUNK_BYTES = 32 * 1024;
    private static final long READER_STACK_BYTES = 256 * 1024;
    /** A child left running in the background can hold the pipes open; the exit event must not wait for it. */
    private static final long DRAIN_GRACE_MILLIS = 1000;
    private static final File DEV_NULL = new File("/dev/null");

    private final ProcessSpec spec;
    private final Process process;
    private final OutputFanOut output;
    private final CompletableFuture<Void> exited;
    private final Set<Integer> signalsSent = ConcurrentHashMap.newKeySet();

    private HostProcess(ProcessSpec spec, Process process, OutputFanOut output) {
        this.spec = spec;
        this.process = process;
        this.output = output;
        this.exited = process.onExit().thenApply(p -> null);
    }

    /**
     * Starts the process (blocking: call it off event loops), in a new session and marked as this emulator's
     * (see {@link ProcessContainment}). Attachments already made on {@code output} see its output from the first
     * byte.
     */
    static HostProcess start(ProcessSpec spec, Path workingDirectory, Path home, OutputFanOut output,
                             ProcessContainment containment) throws IOException {
        return start(spec, workingDirectory, home, output, containment, false);
    }

    /** @param withInput give the process a pipe as stdin, written through {@link #writeInput}; else /dev/null */
    static HostProcess start(ProcessSpec spec, Path workingDirectory, Path home, OutputFanOut output,
                             ProcessContainment containment, boolean withInput) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(spec))
                .directory(workingDirectory.toFile())
                .redirectInput(withInput ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(DEV_NULL));
        setEnvironment(builder.environment(), home, spec.envs());
        containment.prepare(builder); // after the environment is built: the marker must survive it
        HostProcess started = new HostProcess(spec, builder.start(), output);
        started.pumpOutput();
        return started;
    }

    /**
     * Like upstream, the program runs as {@code /bin/sh -c 'exec /usr/bin/nice -n 0 "$@"' -- cmd args}: {@code nice}
     * looks it up on PATH (an unknown program exits with 127 and nice's message on stderr) and replaces itself with
     * it, so the PID and the signals are the program's own. Arguments are passed through verbatim, never parsed by
     * the shell.
     */
    private static List<String> command(ProcessSpec spec) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "exec /usr/bin/nice -n 0 \"$@\"", "--",
                spec.cmd()));
        command.addAll(spec.args());
        return command;
    }

    /** As upstream: only PATH, HOME, USER and LOGNAME, then the caller's {@code envs}. */
    private static void setEnvironment(Map<String, String> environment, Path home, Map<String, String> envs) {
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String user = System.getProperty("user.name");
        environment.clear();
        environment.put("PATH", path);
        environment.put("HOME", home.toString());
        environment.put("USER", user);
        environment.put("LOGNAME", user);
        environment.putAll(envs);
    }

    long pid() {
        return process.pid();
    }

    String tag() {
        return spec.tag();
    }

    String cmd() {
        return spec.cmd();
    }

    List<String> args() {
        return spec.args();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the OS process has exited (its output may still be draining). */
    CompletableFuture<Void> exited() {
        return exited;
    }

    /** A new attachment that receives output from now on. */
    Attachment attach() {
        return output.attach();
    }

    /**
     * Writes to the process's stdin (blocking: call it off event loops); one writer at a time, so that writes of
     * several attached clients never interleave. Fails when the process has gone.
     */
    void writeInput(byte[] bytes) throws IOException {
        OutputStream stdin = process.getOutputStream();
        synchronized (stdin) {
            stdin.write(bytes);
            stdin.flush();
        }
    }

    /** Sends {@code signal} to the process and its descendants. Reads {@code /proc}: call it off event loops. */
    void signal(KillSignal signal) {
        signalsSent.add(signal.number());
        signal.sendToTree(process.toHandle());
    }

    /** Cuts the current attachments (see {@link ProcessEvent.Severed}); the process itself is not touched. */
    void sever() {
        output.severAll();
    }

    /** Blocks until the process exits, at most {@code millis}; true if it did. */
    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    private void pumpOutput() {
        CompletableFuture<Void> stdout = pump(process.getInputStream(), ProcessEvent.Pipe.STDOUT);
        CompletableFuture<Void> stderr = pump(process.getErrorStream(), ProcessEvent.Pipe.STDERR);
        exited.thenCompose(ignored -> CompletableFuture.allOf(stdout, stderr)
                        .completeOnTimeout(null, DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS))
                .whenComplete((ignored, error) -> output.complete(new ProcessEvent.Exited(exitCode())));
    }

    private CompletableFuture<Void> pump(InputStream pipe, ProcessEvent.Pipe kind) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable reader = () -> {
            try (pipe) {
                byte[] buffer = new byte[CHUNK_BYTES];
                for (int n; (n = pipe.read(buffer)) >= 0; ) {
                    if (n > 0) {
                        output.publish(new ProcessEvent.Output(kind, Arrays.copyOf(buffer, n)));
                    }
                }
            } catch (IOException e) {
                // The pipe was closed under us: there is nothing more to read.
            } finally {
                done.complete(null);
            }
        };
        Thread thread = new Thread(null, reader, "wrenn-emulator-" + kind + "-" + pid(), READER_STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /**
     * Java reports death by signal N as 128+N. Upstream reports -1 for a process ended by a signal, so 128+N
     * becomes -1 when the emulator sent signal N; a signal from elsewhere still shows as 128+N.
     */
    private int exitCode() {
        int status = process.exitValue();
        return status > 128 && signalsSent.contains(status - 128) ? -1 : status;
    }
}
