package dev.wrenn.emulator.internal;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A running emulator: the HTTP server, the capsules and their processes. Backs {@code WrennEmulator}. */
public final class EmulatorServer {

    private static final long PROCESS_EXIT_WAIT_MILLIS = 5_000;
    private static final Duration SERVER_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String apiKey;
    private final Path rootDirectory;
    private final boolean ownsRootDirectory;
    private final ProcessSupervisor supervisor = new ProcessSupervisor();
    private final ProcessContainment containment;
    private final StreamStats stats = new StreamStats();
    private final CapsuleRegistry registry;
    private final StreamSession sessions;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final DisposableServer server;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmulatorServer(EmulatorConfig config, Path rootDirectory, boolean ownsRootDirectory,
                           ProcessContainment containment) {
        this.apiKey = config.apiKey();
        this.rootDirectory = rootDirectory;
        this.ownsRootDirectory = ownsRootDirectory;
        this.containment = containment;
        this.registry = new CapsuleRegistry(rootDirectory, config.startupDelay());
        ApiKey key = new ApiKey(config.apiKey());
        this.sessions = new StreamSession(key, config.websocketAuthTimeout(), config.closeFrameOnEnd(),
                config.maxRequestBodyBytes());
        ProcessLauncher launcher = new ProcessLauncher(supervisor, config.fanOutCapacity(), stats, containment);
        StreamHandlers streams = new StreamHandlers(registry, launcher, sessions, config.streamLimit());
        Router router = new Router(key, config.maxRequestBodyBytes(),
                new CapsuleHandlers(registry),
                new ExecHandler(registry, launcher),
                new ProcessHandlers(registry),
                streams, new TerminalHandler(registry, launcher, sessions, streams, config.ptyPingInterval(), stats));
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(config.port())
                .channelGroup(connections)
                .doOnChannelInit((observer, channel, remote) -> ConnectionDeadlines.install(channel.pipeline(),
                        config.requestReadTimeout(), config.idleTimeout()))
                .handle(router)
                .bindNow();
        this.shutdownHook = new Thread(this::releaseHostResources, "wrenn-emulator-shutdown");
    }

    /**
     * Binds 127.0.0.1, starts serving and registers a shutdown hook that kills the processes (and deletes a
     * temporary root directory); a watchdog process does the same if the JVM dies without running the hook.
     * Blocking.
     *
     * @param config the settings
     * @return the running emulator
     */
    public static EmulatorServer start(EmulatorConfig config) {
        boolean ownsRoot = config.rootDirectory() == null;
        Path root = prepareRoot(config.rootDirectory());
        EmulatorServer emulator;
        ProcessContainment containment = null;
        try {
            containment = ProcessContainment.start(ownsRoot ? root : null);
            emulator = new EmulatorServer(config, root, ownsRoot, containment);
        } catch (RuntimeException e) {
            if (containment != null) {
                containment.close();
            }
            if (ownsRoot) {
                Directories.deleteTree(root);
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(emulator.shutdownHook);
        return emulator;
    }

    /** @return the bound port */
    public int port() {
        return server.port();
    }

    /** @return the accepted API key */
    public String apiKey() {
        return apiKey;
    }

    /** @return the directory holding the capsule directories */
    public Path rootDirectory() {
        return rootDirectory;
    }

    /** @return how many OS processes started by this emulator are alive */
    public int runningProcessCount() {
        return supervisor.liveCount();
    }

    /** @return how many WebSocket stream connections are open */
    public int openStreamCount() {
        return sessions.openStreams();
    }

    /** @return the fan-out counters, for tests */
    public StreamStats streamStats() {
        return stats;
    }

    /**
     * Closes every connection, stops the server, kills every process with its descendants and waits for them,
     * deletes the root directory if it was created for this emulator, and removes the shutdown hook.
     * Idempotent; blocking.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connections.close().awaitUninterruptibly(SERVER_STOP_TIMEOUT.toMillis());
            server.disposeNow(SERVER_STOP_TIMEOUT);
        } finally {
            registry.clear();
            releaseHostResources();
            removeShutdownHook();
        }
    }

    /**
     * What must not outlive the emulator, even when the JVM exits without {@link #close()}: its processes, their
     * descendants (also those that left the process tree) and a temporary root directory.
     */
    private void releaseHostResources() {
        supervisor.killAll(PROCESS_EXIT_WAIT_MILLIS);
        containment.killMarkedProcesses(Duration.ofMillis(PROCESS_EXIT_WAIT_MILLIS));
        if (ownsRootDirectory) {
            Directories.deleteTree(rootDirectory);
        }
        containment.close();
    }

    /** For tests: the hook registered on start. */
    Thread shutdownHook() {
        return shutdownHook;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or about to: nothing to remove.
        }
    }

    private static Path prepareRoot(Path requested) {
        try {
            return requested == null
                    ? Files.createTempDirectory("wrenn-emulator-")
                    : Files.createDirectories(requested).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the emulator's root directory", e);
        }
    }
}
