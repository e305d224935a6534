package dev.wrenn.emulator.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * One emulated capsule: its settings, lifecycle state, working directory and processes. Process routes and
 * lifecycle routes word their errors differently upstream ({@code sandbox ...} against {@code resource ...}).
 */
final class Capsule {

    /** Where the capsule's processes run, as seen from a client: the host itself. */
    private static final String HOST_IP = "127.0.0.1";
    private static final Map<String, String> METADATA = Map.of("agent_version", "wrenn-emulator");

    private final String id;
    private final long sequence;
    private final String template;
    private final int vcpus;
    private final int memoryMb;
    private final int timeoutSec;
    private final Instant createdAt;
    private final Path directory;
    private final ProcessTable processes = new ProcessTable();
    private final Disposable.Swap startup = Disposables.swap();

    private CapsuleStatus status;   // guarded by this
    private Instant startedAt;      // guarded by this
    private Instant lastActiveAt;   // guarded by this
    private Instant lastUpdated;    // guarded by this

    Capsule(String id, long sequence, String template, int vcpus, int memoryMb, int timeoutSec, Path directory,
            boolean runningAtOnce) {
        this.id = id;
        this.sequence = sequence;
        this.template = template;
        this.vcpus = vcpus;
        this.memoryMb = memoryMb;
        this.timeoutSec = timeoutSec;
        this.directory = directory;
        this.createdAt = Instant.now();
        this.lastUpdated = createdAt;
        this.status = CapsuleStatus.PENDING;
        if (runningAtOnce) {
            becomeRunning(createdAt);
        }
    }

    String id() {
        return id;
    }

    /** Creation order, for the newest-first list. */
    long sequence() {
        return sequence;
    }

    Path directory() {
        return directory;
    }

    /** The capsule's home directory on the host: its root ({@code HOME} of its processes). */
    Path home() {
        return directory;
    }

    ProcessTable processes() {
        return processes;
    }

    /** Keeps the timer that drives the startup so that destroying the capsule cancels it. */
    void onStartup(Disposable timer) {
        startup.update(timer);
    }

    /** Moves from {@code from} to {@code to}; does nothing if the capsule has moved on meanwhile. */
    synchronized void advance(CapsuleStatus from, CapsuleStatus to) {
        if (status != from) {
            return;
        }
        Instant now = Instant.now();
        if (to == CapsuleStatus.RUNNING) {
            becomeRunning(now);
        } else {
            status = to;
            lastUpdated = now;
        }
    }

    synchronized boolean isListed() {
        return status != CapsuleStatus.STOPPED;
    }

    /** For process routes. @throws ApiException {@code invalid_state} unless running */
    synchronized void requireRunning() {
        if (status != CapsuleStatus.RUNNING) {
            throw ApiException.invalidState("sandbox is not running (status: " + status + ")");
        }
    }

    /** Records activity of a process route (exec); the capsule must be running. */
    synchronized void markActive() {
        requireRunning();
        touch();
    }

    /** The ping route. */
    synchronized void ping() {
        requireRunningResource();
        touch();
    }

    /** Pauses and returns the processes, whose attachments must then be severed. */
    synchronized List<HostProcess> pause() {
        requireRunningResource();
        status = CapsuleStatus.PAUSED;
        lastUpdated = Instant.now();
        return processes.running();
    }

    synchronized void resume() {
        if (status != CapsuleStatus.PAUSED) {
            throw ApiException.invalidState("resource is not paused");
        }
        status = CapsuleStatus.RUNNING;
        touch();
    }

    /**
     * Marks the capsule {@code stopped}, stops the startup timer, refuses new processes and returns the running
     * ones. Empty if it was already stopped.
     */
    List<HostProcess> stop() {
        synchronized (this) {
            if (status == CapsuleStatus.STOPPED) {
                return List.of();
            }
            status = CapsuleStatus.STOPPED;
            lastUpdated = Instant.now();
        }
        startup.dispose();
        return processes.close();
    }

    synchronized Wire.CapsuleJson toJson() {
        return new Wire.CapsuleJson(id, status.toString(), template, vcpus, memoryMb, timeoutSec, null, HOST_IP,
                format(createdAt), format(startedAt), format(lastActiveAt), format(lastUpdated), METADATA);
    }

    /**
     * An existing directory inside the capsule (see {@link Directories#existingInside}); blocking.
     *
     * @throws ApiException {@code 502 agent_error} if there is none, worded as upstream's relayed agent error
     */
    Path workingDirectory(String cwd) {
        return Directories.existingInside(directory, cwd).orElseThrow(() -> ApiException.agentError(
                "internal: start background: start background process stream: invalid_argument: cwd '"
                        + Directories.inCapsule(cwd) + "' does not exist"));
    }

    private void requireRunningResource() {
        if (status != CapsuleStatus.RUNNING) {
            throw ApiException.invalidState("resource is not running");
        }
    }

    private void touch() {
        lastActiveAt = Instant.now();
        lastUpdated = lastActiveAt;
    }

    private void becomeRunning(Instant now) {
        status = CapsuleStatus.RUNNING;
        startedAt = now;
        lastActiveAt = now;
        lastUpdated = now;
    }

    /** RFC 3339 in whole seconds, as Go's {@code time.RFC3339}. */
    private static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
