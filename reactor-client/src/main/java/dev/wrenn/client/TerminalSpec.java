package dev.wrenn.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a new terminal runs: a program and its arguments, the window size, environment variables, working
 * directory and user. Unset fields take the service's defaults ({@code /bin/bash}, 80x24). Immutable: each
 * {@code with} method returns a new spec.
 *
 * @param command       the program; null for the service's default, {@code /bin/bash}
 * @param args          its arguments
 * @param cols          window columns; 0 for the default, 80
 * @param rows          window rows; 0 for the default, 24
 * @param envs          extra environment variables
 * @param cwd           working directory in the capsule; null for the default
 * @param user          user to run as; null for the default
 * @param killOnCancel  whether cancelling the stream kills the program (sends {@code kill} first); by default a
 *                      cancel only detaches and the session keeps running, to be re-attached by its tag
 */
public record TerminalSpec(@Nullable String command, List<String> args, int cols, int rows, Map<String, String> envs,
                           @Nullable String cwd, @Nullable String user, boolean killOnCancel) {

    public TerminalSpec {
        args = List.copyOf(Arguments.noNulls(args, "args"));
        envs = Map.copyOf(Arguments.noNulls(envs, "envs"));
        Arguments.atLeast(cols, 0, "cols");
        Arguments.atLeast(rows, 0, "rows");
        if (command != null) {
            Arguments.notBlank(command, "command");
        }
    }

    /** The service's default shell, {@code /bin/bash}, at 80x24. */
    public static TerminalSpec shell() {
        return new TerminalSpec(null, List.of(), 0, 0, Map.of(), null, null, false);
    }

    /** {@code command} with {@code args}, at 80x24. */
    public static TerminalSpec of(String command, String... args) {
        return new TerminalSpec(Arguments.notNull(command, "command"), Arrays.asList(Arguments.notNull(args, "args")), 0, 0, Map.of(), null,
                null, false);
    }

    public TerminalSpec withSize(int cols, int rows) {
        new TerminalInput.Resize(cols, rows); // validates
        return new TerminalSpec(command, args, cols, rows, envs, cwd, user, killOnCancel);
    }

    public TerminalSpec withEnv(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(envs);
        more.put(Arguments.notNull(name, "name"), Arguments.notNull(value, "value"));
        return new TerminalSpec(command, args, cols, rows, more, cwd, user, killOnCancel);
    }

    public TerminalSpec withCwd(@Nullable String cwd) {
        return new TerminalSpec(command, args, cols, rows, envs, cwd, user, killOnCancel);
    }

    public TerminalSpec withUser(@Nullable String user) {
        return new TerminalSpec(command, args, cols, rows, envs, cwd, user, killOnCancel);
    }

    /** Cancelling the stream kills the program rather than detaching from it. */
    public TerminalSpec withKillOnCancel() {
        return new TerminalSpec(command, args, cols, rows, envs, cwd, user, true);
    }
}
