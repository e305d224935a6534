package dev.wrenn.emulator.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The running processes of one capsule, by PID, and the tags they use. */
final class ProcessTable {

    private final Map<Long, HostProcess> byPid = new ConcurrentHashMap<>();
    private final Set<String> tagsInUse = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by this

    /** Claims {@code tag} for a process about to start; false if a running process already has it. */
    boolean reserveTag(String tag) {
        return tagsInUse.add(tag);
    }

    void releaseTag(String tag) {
        tagsInUse.remove(tag);
    }

    /** Adds a started process; false once the table is closed (the capsule is being destroyed). */
    synchronized boolean add(HostProcess process) {
        if (closed) {
            return false;
        }
        byPid.put(process.pid(), process);
        return true;
    }

    /** Removes a process that has exited and frees its tag. */
    void remove(HostProcess process) {
        if (byPid.remove(process.pid(), process) && !process.tag().isEmpty()) {
            tagsInUse.remove(process.tag());
        }
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
