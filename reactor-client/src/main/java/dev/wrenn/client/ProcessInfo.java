package dev.wrenn.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A process running in a capsule, as listed by {@link Processes#list()}.
 *
 * @param pid  its PID inside the capsule
 * @param tag  the tag it was started with, or {@code null} when it has none
 * @param cmd  the program
 * @param args its arguments, possibly empty, never {@code null}
 */
public record ProcessInfo(long pid, @Nullable String tag, String cmd, List<String> args) {

    /**
     * Normalises absent values as everywhere in this client: no tag is {@code null} (the service lists it as
     * an empty string), and {@code null} args are an empty list.
     */
    public ProcessInfo(long pid, @Nullable String tag, String cmd, @Nullable List<String> args) {
        this.pid = pid;
        this.tag = tag == null || tag.isEmpty() ? null : tag;
        this.cmd = Arguments.notNull(cmd, "cmd");
        this.args = args == null ? List.of() : List.copyOf(Arguments.noNulls(args, "args"));
    }

    /**
     * The best selector for this process: its tag when it has one that the service can address (see
     * {@link ProcessSelector}), else its PID.
     */
    public ProcessSelector selector() {
        return ProcessSelector.Tag.orPid(tag, pid);
    }
}
