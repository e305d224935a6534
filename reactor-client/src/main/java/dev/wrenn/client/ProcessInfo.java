package dev.wrenn.client;

import java.util.List;

/**
 * A process running in a capsule, as listed by {@link Processes#list()}.
 *
 * @param pid  its PID inside the capsule
 * @param tag  the tag it was started with, or the empty string when it has none (processes of init scripts)
 * @param cmd  the program
 * @param args its arguments, possibly empty, never {@code null}
 */
public record ProcessInfo(long pid, String tag, String cmd, List<String> args) {

    /** Normalises absent values: a {@code null} tag becomes empty and {@code null} args an empty list. */
    public ProcessInfo {
        tag = tag == null ? "" : tag;
        args = args == null ? List.of() : List.copyOf(args);
    }

    /**
     * The best selector for this process: its tag when it has one that the service can address (see
     * {@link ProcessSelector}), else its PID.
     */
    public ProcessSelector selector() {
        return ProcessSelector.Tag.orPid(tag, pid);
    }
}
