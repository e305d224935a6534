package dev.wrenn.examples.snippets;

import dev.wrenn.client.TerminalEvent;
import dev.wrenn.client.TerminalStreams;
import dev.wrenn.client.TerminalInput;
import dev.wrenn.client.TerminalSpec;
import dev.wrenn.client.Terminals;
import dev.wrenn.client.WrennClient;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The snippets of the terminal sections of docs/operations.md and docs/backpressure.md; compiled, never run. */
final class TerminalSnippets {

    private TerminalSnippets() {
    }

    static void open(WrennClient client, String capsuleId) {
        // tag::terminal-open[]
        Terminals terminals = client.terminals(capsuleId);
        Sinks.Many<TerminalInput> keyboard = Sinks.many().unicast().onBackpressureBuffer();
        Flux<TerminalEvent> session = terminals.open(TerminalSpec.shell().withSize(120, 40), keyboard.asFlux());
        Flux<String> screen = TerminalStreams.text(session);   // UTF-8, characters split across chunks kept whole
        screen.subscribe(System.out::print);
        keyboard.tryEmitNext(TerminalInput.text("ls -la\r"));  // \r is the Enter key
        keyboard.tryEmitNext(TerminalInput.resize(160, 50));   // the program sees SIGWINCH
        keyboard.tryEmitNext(TerminalInput.text("exit\r"));    // the stream ends with Exited(0)
        // end::terminal-open[]
    }

    static void reattach(Terminals terminals, String tag, Flux<TerminalInput> keys) {
        // tag::terminal-reattach[]
        // The tag comes from TerminalEvent.Started; cancelling a stream only detaches from the session.
        Flux<TerminalEvent> again = terminals.reattach(tag, keys);
        // A session that must not outlive its stream: cancelling sends kill before closing.
        Flux<TerminalEvent> scoped = terminals.open(TerminalSpec.of("htop").withKillOnCancel(), keys);
        // end::terminal-reattach[]
    }

    static void paste(Terminals terminals, Path file) throws Exception {
        // tag::terminal-paste[]
        // A large paste as one input: the client sends it in messages of at most 32 KiB, one at a time.
        Flux<TerminalInput> paste = Flux.just(
                TerminalInput.text("stty -echo; wc -c; stty echo\r"),
                TerminalInput.bytes(Files.readAllBytes(file)),
                TerminalInput.text("\u0004"));                   // Ctrl-D ends wc's input
        Flux<String> count = TerminalStreams.text(terminals.open(TerminalSpec.shell(), paste));
        // end::terminal-paste[]
    }
}
