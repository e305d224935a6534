package dev.wrenn.client.internal;

import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import java.time.Duration;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Process streams over WebSocket: attaching to a running process and starting one with {@code exec/stream}.
 * Each subscription opens its own connection and gets its own {@link StreamSession}; nothing is shared
 * between streams but this immutable configuration and the stateless {@link FrameDecoder}.
 */
public final class StreamTransport {

    /** How much of a refused upgrade's body is kept for the error: the service's JSON error is far smaller. */
    private static final int MAX_REFUSAL_BODY = 64 * 1024;

    private final HttpClient.WebsocketSender upgrade;
    private final StreamSession.Settings settings;
    private final ClientState state;

    /**
     * @param http              configured with base URL, headers and connection resources; no response timeout
     * @param maxFrameSize      the largest frame, after reassembly of fragments, accepted from the service
     * @param handshakeTimeout  how long the upgrade may take; also how long a cancelled exec/stream waits for
     *                          {@code start} to learn the PID it must kill
     * @param idleTimeout       fail a stream when no frame arrives for this long while its subscriber waits; null for never
     * @param keepAlive         send a WebSocket ping this often; null for never
     * @param state             whether the owning client is closed
     */
    public StreamTransport(HttpClient http, int maxFrameSize, Duration handshakeTimeout, Duration idleTimeout,
                           Duration keepAlive, ClientState state) {
        this.state = state;
        this.upgrade = http.doOnChannelInit((observer, channel, address) ->
                        UpgradeGuard.install(channel, MAX_REFUSAL_BODY, handshakeTimeout))
                .websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(maxFrameSize)
                        .handlePing(false)
                        .compress(false)
                        .build());
        this.settings = new StreamSession.Settings(new FrameDecoder(), maxFrameSize,
                idleTimeout == null ? 0 : idleTimeout.toNanos(), keepAlive == null ? 0 : keepAlive.toNanos(),
                handshakeTimeout.toNanos());
    }

    /** Attaches to a running process; see {@code Processes#attach}. */
    public Flux<ProcessEvent> attach(String capsuleId, ProcessSelector selector) {
        String path = Endpoints.processStream(capsuleId, selector);
        return open(path, () -> StreamSession.attach(settings, capsuleId, selector));
    }

    /**
     * Starts a process and streams it; see {@code Processes#execStream}.
     *
     * @param killer ends the process when the subscriber cancels, given its PID; null to leave it running
     */
    public Flux<ProcessEvent> execStream(String capsuleId, Command command, LongFunction<Mono<Void>> killer) {
        String path = Endpoints.execStream(capsuleId);
        byte[] start = Json.StreamStart.of(command);
        return open(path, () -> StreamSession.execStream(settings, capsuleId, command.program(), start, killer));
    }

    private Flux<ProcessEvent> open(String path, Supplier<StreamSession> sessions) {
        return Flux.defer(() -> {
            state.checkOpen();
            StreamSession session = sessions.get();
            // The session is the outermost operator: it sees every failure, before the upgrade or after, and
            // every cancel, which it may hold back to learn the PID of the process it must then kill.
            return session.events(upgrade.uri(path).handle(session::run));
        });
    }
}
