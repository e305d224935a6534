package dev.wrenn.emulator.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a program looked up on PATH, its arguments, and for background and streamed processes a tag,
 * extra environment variables and a working directory inside the capsule.
 *
 * @param tag  empty for none
 * @param cwd  capsule path ({@code /app} or {@code app}); {@code null} or empty for the capsule directory
 */
record ProcessSpec(String cmd, List<String> args, String tag, Map<String, String> envs, String cwd) {

    /**
     * Validates client input.
     *
     * @throws ApiException {@code invalid_request} for an empty command (upstream checks no more), null entries, NUL characters or an
     *                      environment variable name the OS cannot take
     */
    static ProcessSpec of(String cmd, List<String> args, String tag, Map<String, String> envs, String cwd) {
        if (cmd == null || cmd.isEmpty()) {
            throw ApiException.invalidRequest("cmd is required");
        }
        List<String> argList = args == null ? List.of() : args;
        Map<String, String> envMap = envs == null ? Map.of() : envs;
        if (argList.stream().anyMatch(Objects::isNull) || envMap.values().stream().anyMatch(Objects::isNull)) {
            throw ApiException.invalidRequest("args and envs must not contain null");
        }
        if (envMap.keySet().stream().anyMatch(name -> name.isEmpty() || name.indexOf('=') >= 0)) {
            throw ApiException.invalidRequest("invalid environment variable name");
        }
        boolean hasNul = hasNul(cmd) || hasNul(tag) || hasNul(cwd)
                || argList.stream().anyMatch(ProcessSpec::hasNul)
                || envMap.entrySet().stream().anyMatch(e -> hasNul(e.getKey()) || hasNul(e.getValue()));
        if (hasNul) {
            throw ApiException.invalidRequest("strings must not contain NUL characters");
        }
        return new ProcessSpec(cmd, List.copyOf(argList), tag == null ? "" : tag, Map.copyOf(envMap), cwd);
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }
}
