package dev.wrenn.client.internal;

import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalInput;
import dev.wrenn.client.TerminalSpec;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** The terminal operations behind {@code Terminals}. */
public final class TerminalCalls {

    private final StreamTransport streams;

    TerminalCalls(StreamTransport streams) {
        this.streams = streams;
    }

    public Flux<TerminalEvent> open(String capsuleId, TerminalSpec spec, Publisher<TerminalInput> input) {
        String program = spec.command() == null ? "the default shell" : spec.command();
        return streams.terminal(capsuleId, "terminal of " + program + " in " + capsuleId, TerminalWire.start(spec),
                input, spec.killOnCancel());
    }

    public Flux<TerminalEvent> reattach(String capsuleId, String tag, Publisher<TerminalInput> input,
                                        boolean killOnCancel) {
        return streams.terminal(capsuleId, "reattach to terminal " + tag + " in " + capsuleId,
                TerminalWire.connect(tag), input, killOnCancel);
    }
}
