package dev.wrenn.examples.snippets;

import dev.wrenn.client.AuthenticationException;
import dev.wrenn.client.BackgroundProcess;
import dev.wrenn.client.ConnectionException;
import dev.wrenn.client.InvalidStateException;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.StreamInterruptedException;
import dev.wrenn.client.WrennClient;
import dev.wrenn.client.WrennException;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** The snippets of docs/errors.md; compiled, never run. */
final class ErrorSnippets {

    private ErrorSnippets() {
    }

    static void byType(Processes processes) {
        // tag::by-type[]
        Mono<Void> stopped = processes.kill(ProcessSelector.tag("web"), ProcessSignal.SIGTERM)
                .onErrorResume(NotFoundException.class, alreadyGone -> Mono.empty())
                .doOnError(InvalidStateException.class, e -> System.err.println("capsule not running: " + e.serverMessage()))
                .doOnError(AuthenticationException.class, e -> System.err.println("check WRENN_API_KEY"));
        // end::by-type[]
    }

    static void details(WrennException e) {
        // tag::details[]
        int status = e.status();                 // 404, or 0 when it came as a stream error frame
        String code = e.errorCode();             // "not_found", "invalid_state", ... or null
        String serviceSaid = e.serverMessage();  // "sandbox not found", ... or null
        // end::details[]
    }

    static void reattach(Processes processes) {
        // tag::reattach[]
        // Re-attach when the connection drops: output written while detached is lost (the service keeps no
        // history), but the stream goes on until the exit is seen. A process that has ended meanwhile
        // fails the re-attachment with NotFoundException, which ends the retries.
        Flux<ProcessEvent> resilient = processes.connect(ProcessSelector.tag("web"))
                .retryWhen(Retry.backoff(5, Duration.ofMillis(200))
                        .filter(e -> e instanceof StreamInterruptedException || e instanceof ConnectionException));
        // end::reattach[]
    }

    static void interrupted(BackgroundProcess job) {
        // tag::interrupted[]
        Mono<String> outcome = job.awaitExit()
                .map(code -> "exited with " + code)
                .onErrorResume(StreamInterruptedException.class, e -> Mono.just("exit unknown: " + e.getMessage()));
        // end::interrupted[]
    }

    static void arguments(WrennClient client) {
        // tag::arguments[]
        try {
            ProcessSelector.tag("1234");                     // all digits would select a PID: refused before any I/O
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
        }
        // end::arguments[]
    }
}
