package dev.wrenn.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A command to run in a capsule: a program with arguments, or a shell line run as {@code /bin/sh -c},
 * plus an optional tag, environment and working directory. Immutable: each {@code with} method returns
 * a new command.
 *
 * <pre>{@code
 * Command.of("python", "-u", "server.py").withTag("web").withEnv("PORT", "8080").withCwd("/app");
 * Command.shell("make test 2>&1 | tee test.log");
 * }</pre>
 *
 * <p>The service honours the environment and working directory for background processes only
 * ({@link Processes#start}); the tag names a background process and is ignored by foreground exec.
 */
public final class Command {

    private final String program;
    private final List<String> args;
    private final @Nullable String tag;
    private final Map<String, String> env;
    private final @Nullable String cwd;

    private Command(String program, List<String> args, @Nullable String tag, Map<String, String> env,
            @Nullable String cwd) {
        this.program = program;
        this.args = args;
        this.tag = tag;
        this.env = env;
        this.cwd = cwd;
    }

    /**
     * A program and its arguments, passed to the service as they are (no shell).
     *
     * @throws IllegalArgumentException if the program is null or blank, or an argument is null
     */
    public static Command of(String program, String... args) {
        Arguments.notBlank(program, "program");
        return new Command(program, List.copyOf(Arguments.noNulls(Arrays.asList(Arguments.notNull(args, "args")), "args")),
                null, Map.of(), null);
    }

    /** A program and its arguments; see {@link #of(String, String...)}. */
    public static Command of(String program, List<String> args) {
        return of(program, Arguments.notNull(args, "args").toArray(String[]::new));
    }

    /** A shell line, run as {@code /bin/sh -c line}, so pipes, redirections and globs work. */
    public static Command shell(String line) {
        Arguments.notBlank(line, "line");
        return of("/bin/sh", "-c", line);
    }

    /**
     * The tag to start a background process with, so it can be found, attached and killed by name. When
     * absent the service makes one up ({@code proc-} and 8 hex digits).
     *
     * @throws IllegalArgumentException if the tag could not select a process (see {@link ProcessSelector#tag})
     */
    public Command withTag(String tag) {
        ProcessSelector.tag(tag);
        return new Command(program, args, tag, env, cwd);
    }

    /** Adds one environment variable (background processes only). */
    public Command withEnv(String name, String value) {
        Arguments.notNull(name, "name");
        Arguments.notNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put(name, value);
        return new Command(program, args, tag, Map.copyOf(copy), cwd);
    }

    /** Adds environment variables (background processes only). */
    public Command withEnv(Map<String, String> variables) {
        Command command = this;
        for (Map.Entry<String, String> e : Arguments.noNulls(variables, "variables").entrySet()) {
            command = command.withEnv(e.getKey(), e.getValue());
        }
        return command;
    }

    /** The working directory inside the capsule (background processes only). */
    public Command withCwd(String cwd) {
        Arguments.notNull(cwd, "cwd");
        return new Command(program, args, tag, env, cwd);
    }

    /** The program to run. */
    public String program() {
        return program;
    }

    /** Its arguments, never {@code null}. */
    public List<String> args() {
        return args;
    }

    /** The tag, or {@code null} to let the service choose. */
    public @Nullable String tag() {
        return tag;
    }

    /** Environment variables, never {@code null}. */
    public Map<String, String> env() {
        return env;
    }

    /** The working directory, or {@code null} for the service's default. */
    public @Nullable String cwd() {
        return cwd;
    }

    /** Environment values are left out: they often hold secrets. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Command[").append(program);
        if (!args.isEmpty()) {
            sb.append(' ').append(Arrays.toString(args.toArray()));
        }
        if (tag != null) {
            sb.append(", tag=").append(tag);
        }
        if (!env.isEmpty()) {
            sb.append(", env=").append(env.keySet());
        }
        if (cwd != null) {
            sb.append(", cwd=").append(cwd);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Command c && program.equals(c.program) && args.equals(c.args)
                && Objects.equals(tag, c.tag) && env.equals(c.env) && Objects.equals(cwd, c.cwd);
    }

    @Override
    public int hashCode() {
        return Objects.hash(program, args, tag, env, cwd);
    }
}
