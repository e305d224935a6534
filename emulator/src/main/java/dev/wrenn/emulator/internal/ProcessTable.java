package dev.wrenn.emulator.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The running processes of one capsule, by PID. Tags are not unique: a tag selector finds one of them. */
final class ProcessTable {

    private final Map<Long, HostProcess> byPid = new ConcurrentHashMap<>();
    private boolean closed; // guarded by this

    /** Adds a started process; false once the table is closed (the capsule is being destroyed). */
    synchronized boolean add(HostProcess process) {
        if (closed) {
            return false;
        }
        byPid.put(process.pid(), process);
        return true;
    }

    /** Removes a process that has exited. */
    void remove(HostProcess process) {
        byPid.remove(process.pid(), process);
    }

    /** Refuses further processes and returns those still running. */
    synchronized List<HostProcess> close() {
        closed = true;
        return List.copyOf(byPid.values());
    }

    Optional<HostProcess> find(ProcessSelector selector) {
        if (selector.tag() == null) {
            return Optional.ofNullable(byPid.get(selector.pid()));
        }
        return byPid.values().stream().filter(selector::matches).findFirst();
    }

    List<HostProcess> running() {
        return byPid.values().stream().sorted(Comparator.comparingLong(HostProcess::pid)).toList();
    }
}
