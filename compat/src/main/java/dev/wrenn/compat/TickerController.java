package dev.wrenn.compat;

import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.WrennClient;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /ticker}: creates a capsule, starts a background process that prints {@code tick} every second,
 * attaches to it, kills it after its first line, and serves what the attachment sees as Server-Sent Events
 * ({@code start}, {@code stdout}, {@code exit}); the capsule is destroyed when the stream ends.
 */
@RestController
class TickerController {

    private static final ProcessSelector TICKER = ProcessSelector.tag("ticker");

    private final WrennClient client;

    TickerController(WrennClient client) {
        this.client = client;
    }

    @GetMapping(path = "/ticker", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> ticker() {
        return client.capsules().withCapsule(CapsuleSpec.defaults(), Duration.ofMinutes(1), capsule -> {
            Processes processes = client.processes(capsule.id());
            return processes.start(Command.shell("while :; do echo tick; sleep 1; done").withTag("ticker"))
                    .flatMapMany(started -> killAfterFirstLine(processes, processes.connect(TICKER)));
        }).map(TickerController::toServerSentEvent);
    }

    private static Flux<ProcessEvent> killAfterFirstLine(Processes processes, Flux<ProcessEvent> events) {
        return events.publish(shared -> shared.mergeWith(shared.ofType(ProcessEvent.Stdout.class).next()
                .flatMap(first -> processes.kill(TICKER))
                .then(Mono.empty())));
    }

    private static ServerSentEvent<String> toServerSentEvent(ProcessEvent event) {
        String data;
        if (event instanceof ProcessEvent.Stdout stdout) {
            data = stdout.data().strip();
        } else if (event instanceof ProcessEvent.Exited exited) {
            data = Integer.toString(exited.exitCode());
        } else if (event instanceof ProcessEvent.Started started) {
            data = Long.toString(started.pid());
        } else {
            data = "";
        }
        return ServerSentEvent.<String>builder().event(eventName(event)).data(data).build();
    }

    private static String eventName(ProcessEvent event) {
        if (event instanceof ProcessEvent.Started) {
            return "start";
        }
        if (event instanceof ProcessEvent.Stdout) {
            return "stdout";
        }
        if (event instanceof ProcessEvent.Exited) {
            return "exit";
        }
        return "other";
    }
}
