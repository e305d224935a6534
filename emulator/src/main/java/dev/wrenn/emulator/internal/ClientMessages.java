package dev.wrenn.emulator.internal;

import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What the client of a WebSocket session says and does. The inbound side is read through one subscription that
 * is never cancelled, because cancelling Reactor Netty's WebSocket inbound makes it send a close frame; the
 * session reacts to the signals below instead.
 */
final class ClientMessages {

    private final Sinks.One<String> first = Sinks.one();
    private final Sinks.Empty<Void> stopRequested = Sinks.empty();
    private final Sinks.Empty<Void> gone = Sinks.empty();
    private boolean sawFirst; // inbound signals arrive one at a time
    private volatile Consumer<String> later = ignored -> { };

    private ClientMessages() {
    }

    /** Starts reading {@code inbound} (text messages) until the connection ends. */
    static ClientMessages listen(Flux<String> inbound) {
        ClientMessages messages = new ClientMessages();
        inbound.subscribe(messages::onMessage, error -> messages.onGone(), messages::onGone);
        return messages;
    }

    /** The first message; empty if the client left without sending one. */
    Mono<String> first() {
        return first.asMono();
    }

    /** Completes when a later message is {@code {"type":"stop"}} or the client has gone. */
    Mono<Void> stopRequested() {
        return stopRequested.asMono();
    }

    /** Completes when the client has disconnected. */
    Mono<Void> gone() {
        return gone.asMono();
    }

    /**
     * Hands every message after the first to {@code handler}, on the connection's event loop, as they are read;
     * set it before the first message can arrive (when the conversation begins).
     */
    void onLaterMessages(Consumer<String> handler) {
        later = handler;
    }

    private void onMessage(String text) {
        if (!sawFirst) {
            sawFirst = true;
            first.tryEmitValue(text);
            return;
        }
        later.accept(text);
        if (isStop(text)) {
            stopRequested.tryEmitEmpty();
        }
    }

    private void onGone() {
        first.tryEmitEmpty();
        stopRequested.tryEmitEmpty();
        gone.tryEmitEmpty();
    }

    private static boolean isStop(String text) {
        try {
            return "stop".equals(Json.read(text, Wire.ClientMessage.class).type());
        } catch (ApiException notJson) {
            return false;
        }
    }
}
