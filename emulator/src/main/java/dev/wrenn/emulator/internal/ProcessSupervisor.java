package dev.wrenn.emulator.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every live process of one emulator, so that none outlives it. */
final class ProcessSupervisor {

    private final Set<HostProcess> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Registers a started process until it exits; false if the emulator is shutting down (kill it then). */
    boolean track(HostProcess process) {
        live.add(process);
        // Checked after adding: either killAll() sees this process or we see that it ran.
        if (closed) {
            live.remove(process);
            return false;
        }
        process.exited().thenRun(() -> live.remove(process));
        return true;
    }

    int liveCount() {
        return live.size();
    }

    /**
     * Refuses new processes, SIGKILLs every live one with its descendants, and waits up to {@code waitMillis}
     * in total for them to exit. Blocking.
     */
    void killAll(long waitMillis) {
        closed = true;
        List<HostProcess> victims = List.copyOf(live);
        victims.forEach(process -> process.signal(KillSignal.SIGKILL));
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        try {
            for (HostProcess process : victims) {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                process.awaitExit(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
