package dev.wrenn.emulator.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated emulator settings (see {@code WrennEmulator.Builder} for their meaning).
 *
 * @param rootDirectory {@code null} to use a new temporary directory, deleted on close
 */
public record EmulatorConfig(int port, String apiKey, Duration startupDelay, Duration websocketAuthTimeout,
                             boolean closeFrameOnEnd, int fanOutCapacity, int maxRequestBodyBytes,
                             Path rootDirectory, Duration streamLimit, Duration requestReadTimeout,
                             Duration idleTimeout, Duration ptyPingInterval) {

    /**
     * The defaults: ephemeral port, a generated key, capsules running at once, 5 s auth wait, no close frame, 4096
     * chunks, 1 MiB bodies, a temporary root directory, streams cut after 10 minutes, 10 s to read a request, 60 s
     * idle, a terminal ping every 30 s.
     *
     * @return the default settings
     */
    public static EmulatorConfig defaults() {
        return new EmulatorConfig(0, ApiKey.generate(), Duration.ZERO, Duration.ofSeconds(5), false, 4096,
                1024 * 1024, null, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30));
    }
}
