package dev.wrenn.examples.snippets;

import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.WrennClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The README's taste of the API. Compiled with the examples so the README cannot drift from the API. */
final class QuickTaste {

    private QuickTaste() {
    }

    static Mono<Integer> taste(String capsuleId) {
        // tag::taste[]
        WrennClient client = WrennClient.builder().build();   // WRENN_API_KEY (and WRENN_BASE_URL) from the environment
        Processes processes = client.processes(capsuleId);

        // What runs in the capsule?
        Flux<String> listing = processes.list()
                .map(p -> p.pid() + " " + p.tag() + " " + p.cmd());

        // Start a tagged background process, follow its output line by line, stop it gracefully.
        Mono<Void> started = processes.start(Command.shell("python3 -u server.py").withTag("web")).then();
        Flux<String> lines = ProcessStreams.lines(processes.connect(ProcessSelector.tag("web")))
                .map(line -> line.selector() + ": " + line.text());
        Mono<Void> stopped = processes.kill(ProcessSelector.tag("web"), ProcessSignal.SIGTERM);

        // Or run a command to its end and keep its exit code.
        Mono<Integer> exitCode = ProcessStreams.exitCode(processes.execStream(Command.of("make", "test")));
        // end::taste[]
        return listing.then(started).thenMany(lines).then(stopped).then(exitCode);
    }
}
