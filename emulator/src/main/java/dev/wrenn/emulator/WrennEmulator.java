package dev.wrenn.emulator;

import dev.wrenn.emulator.internal.ApiKey;
import dev.wrenn.emulator.internal.EmulatorConfig;
import dev.wrenn.emulator.internal.EmulatorServer;
import dev.wrenn.emulator.internal.StreamStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A local, faithful stand-in for the Wrenn capsule API ({@code /v1/capsules...}, REST and WebSocket), served on
 * {@code 127.0.0.1} and backed by real operating-system processes.
 *
 * <p><strong>Warning: it runs the commands it is sent on this machine, as the current user, with the user's
 * permissions. It is a development tool, not a sandbox.</strong> It only listens on the loopback interface, but
 * anything that can reach that port and knows the API key can run programs as you.
 *
 * <p>Each capsule is a directory under {@link #rootDirectory()}; its processes run there. The emulator follows the
 * upstream server's wire behaviour, quirks included (errors, in-band WebSocket auth, no close frame after the
 * last message, lossy fan-out for slow subscribers, exit code -1 for signalled processes). Where it cannot or
 * does not follow it, {@code docs/emulator.md} says so.
 *
 * <pre>{@code
 * try (WrennEmulator emulator = WrennEmulator.start()) {
 *     String baseUrl = emulator.baseUrl(); // http://127.0.0.1:<port>/api
 *     String apiKey = emulator.apiKey();   // send as X-API-Key
 *     ...
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe. {@link #close()} kills every process it started, with everything those processes
 * started (also what left the process tree); so does a JVM shutdown hook registered by {@link Builder#start()},
 * should the JVM exit without {@code close()}, and a watchdog process, should the JVM die without running its hooks.
 */
public final class WrennEmulator implements AutoCloseable {

    private final EmulatorServer server;

    private WrennEmulator(EmulatorServer server) {
        this.server = server;
    }

    /**
     * A builder with all defaults; see {@link Builder}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with all defaults: {@code builder().start()}. Blocking.
     *
     * @return the running emulator; close it when done
     */
    public static WrennEmulator start() {
        return builder().start();
    }

    /**
     * The base URL to give clients; routes live under {@code /api/v1/...}.
     *
     * @return {@code http://127.0.0.1:<port>/api}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/api";
    }

    /**
     * The only key accepted in the {@code X-API-Key} header.
     *
     * @return the API key
     */
    public String apiKey() {
        return server.apiKey();
    }

    /**
     * The port the emulator listens on, on 127.0.0.1.
     *
     * @return the bound port, also when an ephemeral one was asked for
     */
    public int port() {
        return server.port();
    }

    /**
     * The directory holding one working directory per capsule.
     *
     * @return the root; a capsule's processes run in {@code <root>/<capsuleId>/}
     */
    public Path rootDirectory() {
        return server.rootDirectory();
    }

    /**
     * How many OS processes started by this emulator are still running (foreground, background and streamed);
     * for leak checks in tests. A process leaves the count when it has exited.
     *
     * @return the number of live processes
     */
    public int runningProcessCount() {
        return server.runningProcessCount();
    }

    /**
     * How many WebSocket stream connections (attach and exec-stream) are open right now. Lets tests wait until the
     * server has seen a client close a stream.
     *
     * @return the number of open stream connections
     */
    public int openStreamCount() {
        return server.openStreamCount();
    }

    /**
     * Stops the server (closing open connections), kills every process it started together with their
     * descendants (also those that left the process tree), deletes the root directory if the emulator created it,
     * and removes the shutdown hook and the watchdog.
     * Idempotent. Blocks, for a few seconds at most: call it from a test or main thread, never from an event loop.
     */
    @Override
    public void close() {
        server.close();
    }

    /**
     * Describes the emulator by its base URL; never includes the API key.
     *
     * @return for example {@code WrennEmulator[http://127.0.0.1:41234/api]}
     */
    @Override
    public String toString() {
        return "WrennEmulator[" + baseUrl() + "]";
    }

    /**
     * Counters of buffering and drops in streams: output chunks held for slow subscribers, and terminal input
     * messages received and dropped by the sessions' 64-message queues. For tests that check what a client
     * sends.
     *
     * @return live counters
     */
    public StreamStats streamStats() {
        return server.streamStats();
    }

    /** For this module's tests: counters that are not part of the API. */
    EmulatorServer internals() {
        return server;
    }

    /** Options for {@link WrennEmulator}; every one has a default. Not thread-safe. */
    public static final class Builder {

        private final EmulatorConfig defaults = EmulatorConfig.defaults();
        private int port = defaults.port();
        private String apiKey = defaults.apiKey();
        private Duration startupDelay = defaults.startupDelay();
        private Duration websocketAuthTimeout = defaults.websocketAuthTimeout();
        private boolean closeFrameOnEnd = defaults.closeFrameOnEnd();
        private int fanOutCapacity = defaults.fanOutCapacity();
        private int maxRequestBodyBytes = defaults.maxRequestBodyBytes();
        private Path rootDirectory;
        private Duration streamLimit = defaults.streamLimit();
        private Duration requestReadTimeout = defaults.requestReadTimeout();
        private Duration idleTimeout = defaults.idleTimeout();
        private Duration ptyPingInterval = defaults.ptyPingInterval();

        private Builder() {
        }

        /**
         * The port to listen on, always on 127.0.0.1. Default {@code 0}: an ephemeral port, see
         * {@link WrennEmulator#port()}.
         *
         * @param port the port, 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /**
         * The API key clients must send, in the service's format: {@code wrn_} + 32 lowercase hex characters.
         * Default: a generated one.
         *
         * @param key the key
         * @return this builder
         * @throws IllegalArgumentException if the key is not in that format (the message never repeats it)
         */
        public Builder apiKey(String key) {
            this.apiKey = ApiKey.requireValid(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Time from creation to {@code running}. Default {@link Duration#ZERO}: create is synchronous and answers
         * {@code running}, as the open-source server does. A positive delay gives the path a hosted deployment may
         * show: a new capsule is {@code pending} for the first half and {@code starting} for the second, for
         * clients that must wait until it runs.
         *
         * @param delay zero or more
         * @return this builder
         */
        public Builder startupDelay(Duration delay) {
            this.startupDelay = nonNegative(delay, "startupDelay");
            return this;
        }

        /**
         * How long a WebSocket connection without a valid key waits for an in-band auth message before it gets
         * {@code {"type":"error","data":"authentication failed"}}, as upstream does. Default 5 s.
         *
         * @param timeout zero or more
         * @return this builder
         */
        public Builder websocketAuthTimeout(Duration timeout) {
            this.websocketAuthTimeout = nonNegative(timeout, "websocketAuthTimeout");
            return this;
        }

        /**
         * What happens after a stream's last message ({@code exit} or {@code error}). Default {@code false}, as
         * upstream: the TCP connection is closed without a WebSocket close frame. {@code true}: a normal close
         * frame (1000) is sent first.
         *
         * @param closeFrame whether to send a close frame
         * @return this builder
         */
        public Builder closeFrameOnEnd(boolean closeFrame) {
            this.closeFrameOnEnd = closeFrame;
            return this;
        }

        /**
         * How many output chunks (up to 32 KiB each) one attachment may hold while its client is slow. When full,
         * the oldest chunk is dropped, as upstream does. Default 4096.
         *
         * @param chunks at least 1
         * @return this builder
         */
        public Builder fanOutCapacity(int chunks) {
            if (chunks < 1) {
                throw new IllegalArgumentException("fanOutCapacity must be at least 1");
            }
            this.fanOutCapacity = chunks;
            return this;
        }

        /**
         * The largest request body (and WebSocket message) accepted; larger ones get 413 with code
         * {@code invalid_request}. Default 1 MiB.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be at least 1");
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /**
         * Where capsule directories go. Default: a new temporary directory, deleted on {@link #close()}. A
         * directory given here is created if needed and left in place on close (destroyed capsules' directories
         * are still removed).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder rootDirectory(Path dir) {
            this.rootDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * How long an attachment or exec-stream may last. When it is over, the stream gets
         * {@code {"type":"error","data":"deadline_exceeded: context deadline exceeded (Client.Timeout or context
         * cancellation while reading body)"}} and is closed, while the process keeps running: upstream's call to
         * the host agent has this overall limit. Default 10 minutes, as upstream.
         *
         * @param limit more than zero
         * @return this builder
         */
        public Builder streamLimit(Duration limit) {
            this.streamLimit = positive(limit, "streamLimit");
            return this;
        }

        /**
         * How long a client may take to send a whole request (headers and body), counted from opening the
         * connection or from the request's first byte. A connection that takes longer is closed without an
         * answer, so that half-sent requests cannot pile up open connections. Default 10 s.
         *
         * @param timeout more than zero
         * @return this builder
         */
        public Builder requestReadTimeout(Duration timeout) {
            this.requestReadTimeout = positive(timeout, "requestReadTimeout");
            return this;
        }

        /**
         * How long a kept-alive HTTP connection may wait for its next request before it is closed. Never applies
         * while a request is being answered (a long foreground exec) or to WebSocket streams. Default 60 s.
         *
         * @param timeout more than zero
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * How often a terminal session ({@code /pty}) sends the application-level {@code {"type":"ping"}} message.
         * Default 30 s, as upstream.
         *
         * @param interval more than zero
         * @return this builder
         */
        public Builder ptyPingInterval(Duration interval) {
            this.ptyPingInterval = positive(interval, "ptyPingInterval");
            return this;
        }

        /**
         * Binds the port and starts serving; returns once ready. Blocking.
         *
         * @return the running emulator; close it when done
         * @throws RuntimeException if the port cannot be bound (for example, it is taken)
         */
        public WrennEmulator start() {
            return new WrennEmulator(EmulatorServer.start(new EmulatorConfig(port, apiKey, startupDelay,
                    websocketAuthTimeout, closeFrameOnEnd, fanOutCapacity, maxRequestBodyBytes, rootDirectory,
                    streamLimit, requestReadTimeout, idleTimeout, ptyPingInterval)));
        }

        private static Duration nonNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return duration;
        }

        private static Duration positive(Duration duration, String name) {
            if (nonNegative(duration, name).isZero()) {
                throw new IllegalArgumentException(name + " must be more than zero");
            }
            return duration;
        }
    }
}
