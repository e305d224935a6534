package dev.wrenn.emulator.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.Disposables;

/** One emulated capsule: its settings, lifecycle state, working directory and processes. */
final class Capsule {

    private final String id;
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

    Capsule(String id, String template, int vcpus, int memoryMb, int timeoutSec, Path directory,
            boolean runningAtOnce) {
        this.id = id;
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

    Instant createdAt() {
        return createdAt;
    }

    Path directory() {
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

    /** @throws ApiException {@code invalid_state} unless running */
    synchronized void requireRunning() {
        if (status != CapsuleStatus.RUNNING) {
            throw notRunning();
        }
    }

    /** Records activity (exec, ping); the capsule must be running. */
    synchronized void markActive() {
        requireRunning();
        lastActiveAt = Instant.now();
        lastUpdated = lastActiveAt;
    }

    synchronized void pause() {
        requireRunning();
        status = CapsuleStatus.PAUSED;
        lastUpdated = Instant.now();
    }

    synchronized void resume() {
        if (status != CapsuleStatus.PAUSED) {
            throw ApiException.invalidState("sandbox is not paused (status: " + status + ")");
        }
        status = CapsuleStatus.RUNNING;
        lastActiveAt = Instant.now();
        lastUpdated = lastActiveAt;
    }

    synchronized Wire.CapsuleJson toJson() {
        return new Wire.CapsuleJson(id, status.toString(), template, vcpus, memoryMb, timeoutSec,
                createdAt.toString(), format(startedAt), format(lastActiveAt), lastUpdated.toString());
    }

    /** A directory inside the capsule (see {@link Directories#resolveInside}); blocking. */
    Path workingDirectory(String cwd) throws IOException {
        return Directories.resolveInside(directory, cwd);
    }

    /** Stops the startup timer, refuses new processes and returns the running ones. */
    List<HostProcess> shutDown() {
        startup.dispose();
        return processes.close();
    }

    private ApiException notRunning() {
        return ApiException.invalidState("sandbox is not running (status: " + status + ")");
    }

    private void becomeRunning(Instant now) {
        status = CapsuleStatus.RUNNING;
        startedAt = now;
        lastActiveAt = now;
        lastUpdated = now;
    }

    private static String format(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
