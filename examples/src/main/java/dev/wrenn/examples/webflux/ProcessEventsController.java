package dev.wrenn.examples.webflux;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.WrennClient;
import dev.wrenn.client.WrennException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /capsules/{id}/processes/{selector}/events}: the process's output as Server-Sent Events named
 * {@code start} (data: the PID), {@code stdout}, {@code stderr} and {@code exit}, or {@code error} if the stream fails. The client's
 * {@code Flux} is returned as it is, so WebFlux's demand reaches the WebSocket: a slow HTTP client slows the
 * reads from the service rather than filling a buffer. A browser that goes away cancels the subscription,
 * which closes the attachment (the process keeps running).
 */
@RestController
class ProcessEventsController {

    private final WrennClient client;

    ProcessEventsController(WrennClient client) {
        this.client = client;
    }

    @GetMapping(path = "/capsules/{capsuleId}/processes/{selector}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> events(@PathVariable("capsuleId") String capsuleId,
                                            @PathVariable("selector") String selector) {
        return client.processes(capsuleId)
                .connect(ProcessSelector.parse(selector))
                .map(ProcessEventsController::toServerSentEvent)
                // A failure becomes an event too, so the page can show it and stop listening.
                .onErrorResume(WrennException.class, error -> Flux.just(event("error", error.getMessage())));
    }

    private static ServerSentEvent<String> toServerSentEvent(ProcessEvent event) {
        if (event instanceof ProcessEvent.Started started) {
            return event("start", Long.toString(started.pid()));
        }
        if (event instanceof ProcessEvent.Stdout stdout) {
            return event("stdout", stdout.data());
        }
        if (event instanceof ProcessEvent.Stderr stderr) {
            return event("stderr", stderr.data());
        }
        ProcessEvent.Exited exited = (ProcessEvent.Exited) event;
        return event("exit", Integer.toString(exited.exitCode()));
    }

    private static ServerSentEvent<String> event(String name, String data) {
        return ServerSentEvent.<String>builder().event(name).data(data).build();
    }

    /** A malformed capsule ID or selector, refused before any request is made. */
    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badRequest(IllegalArgumentException error) {
        return error.getMessage();
    }
}
