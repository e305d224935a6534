package dev.wrenn.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.Command;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.OutputLine;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.ProcessSignal;
import dev.wrenn.client.WrennClient;
import dev.wrenn.emulator.junit.WrennEmulatorTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The snippets of docs/testing.md, run as the tests they show. */
// tag::fixture[]
@WrennEmulatorTest                     // an emulator for this class, and a client for it
class TestingSnippetsTest {

    static Processes processes;

    @BeforeAll
    static void useACapsule(WrennClient client, Capsule capsule) {     // a running capsule for the class
        processes = client.processes(capsule.id());
    }
    // end::fixture[]

    @Test
    void linesOfAShortCommand() {
        // tag::lines[]
        StepVerifier.create(ProcessStreams.lines(processes.execStream(Command.shell("printf 'one\\ntwo\\n'")))
                        .map(OutputLine::text))
                .expectNext("one", "two")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // end::lines[]
    }

    @Test
    void everyEventOfAStream() {
        // tag::events[]
        StepVerifier.create(processes.execStream(Command.shell("echo hello; exit 3")))
                .assertNext(event -> assertThat(event).isInstanceOf(ProcessEvent.Started.class))
                .assertNext(event -> assertThat(event).isEqualTo(
                        new ProcessEvent.Stdout(processes.capsuleId(), event.selector(), "hello\n")))
                .assertNext(event -> assertThat(((ProcessEvent.Exited) event).exitCode()).isEqualTo(3))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // end::events[]
    }

    @Test
    void typedErrors() {
        // tag::errors[]
        StepVerifier.create(processes.connect(ProcessSelector.tag("no-such-process")))
                .expectError(NotFoundException.class)
                .verify(Duration.ofSeconds(10));
        // end::errors[]
    }

    @Test
    void killedBySignal() {
        // tag::kill[]
        var sleeper = processes.start(Command.of("sleep", "30").withTag("sleeper")).block();

        StepVerifier.create(sleeper.connect())
                .assertNext(event -> assertThat(event).isInstanceOf(ProcessEvent.Started.class))
                .then(() -> sleeper.kill(ProcessSignal.SIGTERM).block())   // runs on the test thread, not an event loop
                .assertNext(event -> assertThat(event).isEqualTo(
                        new ProcessEvent.Exited(processes.capsuleId(), sleeper.selector(), -1)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // end::kill[]
    }

    @Test
    void attachThenRelease() {
        // tag::gate[]
        var job = processes.start(Command.shell("until [ -e .go-job ]; do sleep 0.1; done; echo first line")
                .withTag("job")).block();

        StepVerifier.create(job.connect())
                .assertNext(event -> assertThat(event).isInstanceOf(ProcessEvent.Started.class))
                .then(() -> processes.exec(Command.of("touch", ".go-job")).block())   // attached: let it run
                .assertNext(event -> assertThat(event).isEqualTo(
                        new ProcessEvent.Stdout(processes.capsuleId(), job.selector(), "first line\n")))
                .assertNext(event -> assertThat(event).isInstanceOf(ProcessEvent.Exited.class))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // end::gate[]
    }

    @Test
    void demandDrivesReads() {
        // tag::backpressure[]
        StepVerifier.create(ProcessStreams.lines(processes.execStream(Command.of("seq", "1", "1000"))), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))                  // no demand, nothing delivered
                .thenRequest(3)
                .expectNextMatches(line -> line.text().equals("1"))
                .expectNextCount(2)
                .thenCancel()                                           // closes the stream, stops the process
                .verify(Duration.ofSeconds(10));
        // end::backpressure[]
    }
}
