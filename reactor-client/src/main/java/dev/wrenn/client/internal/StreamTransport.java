package dev.wrenn.client.internal;

import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalInput;
import java.time.Duration;
import java.util.function.LongFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Process streams over WebSocket: attaching to a running process, starting one with {@code exec/stream}, and
 * terminals ({@link TerminalSession}).
 * Each subscription opens its own connection and gets its own {@link StreamSession}; nothing is shared
 * between streams but this immutable configuration and the stateless {@link FrameDecoder}.
 */
final class StreamTransport {

    /** How much of a refused upgrade's body is kept for the error: the service's JSON error is far smaller. */
    private static final int MAX_REFUSAL_BODY = 64 * 1024;

    private final HttpClient.WebsocketSender upgrade;
    private final StreamSession.Settings settings;
    private final ClientState state;
    private final Telemetry telemetry;

    /**
     * @param http              configured with base URL, headers and connection resources; no response timeout
     * @param maxFrameSize      the largest frame, after reassembly of fragments, accepted from the service
     * @param handshakeTimeout  how long the upgrade may take; also how long a cancelled exec/stream waits for
     *                          {@code start} to learn the PID it must kill
     * @param idleTimeout       fail a stream when no frame arrives for this long while its subscriber waits; null for never
     * @param keepAlive         send a WebSocket ping this often; null for never
     * @param state             whether the owning client is closed
     * @param telemetry         what is reported about each stream
     */
    StreamTransport(HttpClient http, int maxFrameSize, Duration handshakeTimeout, Duration idleTimeout,
                           Duration keepAlive, ClientState state, Telemetry telemetry) {
        this.state = state;
        this.telemetry = telemetry;
        StreamTimers timers = new StreamTimers(handshakeTimeout, idleTimeout, keepAlive);
        this.upgrade = http.doOnChannelInit((observer, channel, address) ->
                        UpgradeGuard.install(channel, MAX_REFUSAL_BODY, timers))
                .websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(maxFrameSize)
                        .handlePing(false)
                        .compress(false)
                        .build());
        this.settings = new StreamSession.Settings(new FrameDecoder(), maxFrameSize, timers);
    }

    /** Attaches to a running process; see {@code Processes#connect}; {@code kind} tells connect from follow. */
    Flux<ProcessEvent> connect(String capsuleId, ProcessSelector selector, Telemetry.StreamKind kind) {
        Endpoints.Endpoint endpoint = Endpoints.processStream(capsuleId, selector);
        String path = endpoint.path();
        return telemetry.stream(Flux.defer(() -> open(path, kind, StreamSession.connect(settings, capsuleId, selector))),
                kind, endpoint);
    }

    /**
     * Starts a process and streams it; see {@code Processes#execStream}.
     *
     * @param killer ends the process when the subscriber cancels, given its PID; null to leave it running
     */
    Flux<ProcessEvent> execStream(String capsuleId, Command command, LongFunction<Mono<Void>> killer) {
        byte[] start = Json.StreamStart.of(command);
        Endpoints.Endpoint endpoint = Endpoints.execStream(capsuleId);
        String path = endpoint.path();
        Telemetry.StreamKind kind = Telemetry.StreamKind.EXEC_STREAM;
        return telemetry.stream(Flux.defer(() -> open(path, kind,
                StreamSession.execStream(settings, capsuleId, command.program(), start, killer))), kind, endpoint);
    }

    /** A terminal session; see {@code Terminals}. */
    Flux<TerminalEvent> terminal(String capsuleId, String operation, byte[] firstMessage,
                                 Publisher<TerminalInput> input, boolean killOnCancel) {
        String path = Endpoints.terminal(capsuleId).path();
        return Flux.defer(() -> {
            state.checkOpen();
            TerminalSession session = new TerminalSession(settings, operation, firstMessage, input, killOnCancel);
            return session.events(upgrade.uri(path).handle(session::run));
        });
    }

    /**
     * One subscription's stream, on a connection of its own. The session is the outermost operator: it sees
     * every failure, before the upgrade or after, and every cancel, which it may hold back to learn the PID of
     * the process it must then kill. Callers make the session inside their own {@code Flux.defer}: a session
     * supplier passed in would be one more object that every open stream holds.
     */
    private Flux<ProcessEvent> open(String path, Telemetry.StreamKind kind, StreamSession session) {
        state.checkOpen();
        return session.events(telemetry.frames(upgrade.uri(path).handle(session), kind));
    }
}
