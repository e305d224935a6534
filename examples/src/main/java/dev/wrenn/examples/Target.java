package dev.wrenn.examples;

import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.WrennEmulator;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Where an example runs: the real Wrenn service when an API key is given, otherwise a local emulator started
 * in this JVM, so every example works on a fresh clone without an account. Closing it closes the client and
 * stops the emulator it started.
 */
public final class Target implements AutoCloseable {

    private final WrennClient client;
    private final WrennEmulator emulator;

    private Target(WrennClient client, WrennEmulator emulator) {
        this.client = client;
        this.emulator = emulator;
    }

    /** The real service if {@code WRENN_API_KEY} is set (with {@code WRENN_BASE_URL} if set), else an emulator. */
    public static Target fromEnvironment() {
        return connect(System.getenv(WrennClient.API_KEY_ENV), System.getenv(WrennClient.BASE_URL_ENV));
    }

    /** The service at {@code baseUrl} (the hosted one when blank) if {@code apiKey} is given, else an emulator. */
    public static Target connect(String apiKey, String baseUrl) {
        if (apiKey == null || apiKey.isBlank()) {
            WrennEmulator emulator = WrennEmulator.start();
            return new Target(clientFor(emulator), emulator);
        }
        WrennClient.Builder builder = WrennClient.builder().apiKey(apiKey);
        if (baseUrl != null && !baseUrl.isBlank()) {
            builder.baseUrl(baseUrl);
        }
        return new Target(builder.build(), null);
    }

    /** A client for an emulator. */
    public static WrennClient clientFor(WrennEmulator emulator) {
        return WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
    }

    public WrennClient client() {
        return client;
    }

    /** Says where requests go, for the first line an example prints. */
    public String describe() {
        return emulator != null
                ? "a local emulator at " + client.baseUrl() + " (set WRENN_API_KEY to use the real service)"
                : "the Wrenn service at " + client.baseUrl();
    }

    @Override
    public void close() {
        client.close();
        if (emulator != null) {
            emulator.close();
        }
    }

    /**
     * The whole {@code main} of an example: runs {@code job} against {@link #fromEnvironment()}, waits for it
     * (the one place an example blocks), cleans up, and exits with status 0 on success, 1 on failure.
     */
    public static void runMain(String name, Function<WrennClient, Mono<?>> job) {
        int status;
        try (Target target = fromEnvironment()) {
            System.out.println(name + ": running against " + target.describe());
            job.apply(target.client()).block();
            System.out.println(name + ": done");
            status = 0;
        } catch (RuntimeException e) {
            System.out.flush();
            System.err.println(name + " failed: " + e);
            status = 1;
        }
        System.exit(status);
    }
}
