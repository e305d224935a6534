package dev.wrenn.examples.snippets;

import dev.wrenn.client.OutputLine;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The snippets of docs/backpressure.md; compiled, never run. */
final class BackpressureSnippets {

    private BackpressureSnippets() {
    }

    static void slowConsumer(Processes processes) {
        // tag::slow-consumer[]
        Flux<ProcessEvent> events = processes.connect(ProcessSelector.tag("producer"));
        Mono<Void> done = ProcessStreams.lines(events)
                .limitRate(256)                               // ask for 256 lines, then 192 more as they are used
                .buffer(100)
                .concatMap(BackpressureSnippets::saveBatch)   // one batch at a time: the next is requested after
                .then();
        // end::slow-consumer[]
    }

    static void dropInClient(Processes processes) {
        // tag::latest-only[]
        // A dashboard that only needs the latest line: drop what it cannot show, in the client, on purpose.
        Flux<OutputLine> latest = ProcessStreams.lines(processes.connect(ProcessSelector.tag("producer")))
                .onBackpressureLatest()
                .delayElements(Duration.ofMillis(100));
        // end::latest-only[]
    }

    static void manyStreams(Processes processes, List<ProcessSelector> selectors) {
        // tag::many-streams[]
        // Thousands of streams on a handful of event-loop threads: each attachment is one connection.
        Flux<OutputLine> merged = Flux.fromIterable(selectors)
                .flatMap(processes::connect, selectors.size())  // attach to all at once, not 256 at a time
                .transform(ProcessStreams::lines);
        // end::many-streams[]
    }

    private static Mono<Void> saveBatch(List<OutputLine> batch) {
        return Mono.delay(Duration.ofMillis(50)).then();
    }
}
