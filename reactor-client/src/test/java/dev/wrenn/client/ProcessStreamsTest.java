package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Lines, exit codes and collected results from event streams. */
class ProcessStreamsTest {

    private static final ProcessSelector A = ProcessSelector.tag("a");
    private static final ProcessSelector B = ProcessSelector.tag("b");

    private static ProcessEvent out(ProcessSelector s, String data) {
        return new ProcessEvent.Stdout("cl-x", s, data);
    }

    private static ProcessEvent err(ProcessSelector s, String data) {
        return new ProcessEvent.Stderr("cl-x", s, data);
    }

    private static ProcessEvent exit(ProcessSelector s, int code) {
        return new ProcessEvent.Exited("cl-x", s, code);
    }

    @Test
    void linesFollowEachProcessAndStreamAcrossChunks() {
        Flux<ProcessEvent> merged = Flux.just(
                new ProcessEvent.Started("cl-x", A, 1), out(A, "he"), out(B, "x1\r\nx"), err(A, "warn"), out(A, "llo\nwor"),
                err(A, "ing\n"), out(B, "2\n"), exit(B, 0), out(A, "ld"), exit(A, 1));
        StepVerifier.create(ProcessStreams.lines(merged).map(l -> l.selector() + "/" + l.stream() + ":" + l.text()))
                .expectNext("b/STDOUT:x1", "a/STDOUT:hello", "a/STDERR:warning", "b/STDOUT:x2", "a/STDOUT:world")
                .verifyComplete();
    }

    @Test
    void linesStayBoundedAndKeepBackpressure() {
        Flux<ProcessEvent> chunks = Flux.range(0, 10).map(i -> out(A, "0123456789"));
        StepVerifier.create(ProcessStreams.lines(chunks, 25), 1)
                .expectNext(new OutputLine("cl-x", A, ProcessEvent.StandardStream.STDOUT, "0123456789012345678901234"))
                .thenRequest(10)
                .expectNextCount(3)
                .verifyComplete();
        StepVerifier.create(ProcessStreams.lines(Flux.just(out(A, "\n\n"))).map(OutputLine::text))
                .expectNext("", "").verifyComplete();
    }

    @Test
    void errorsPassThroughLines() {
        StepVerifier.create(ProcessStreams.lines(Flux.concat(Flux.just(out(A, "partial")),
                        Flux.error(new StreamInterruptedException("cut", 0, null, null, null)))))
                .expectError(StreamInterruptedException.class).verify();
    }

    @Test
    void collectAndExitCode() {
        Flux<ProcessEvent> events = Flux.just(new ProcessEvent.Started("cl-x", A, 1), out(A, "o1"), err(A, "e"), out(A, "o2"), exit(A, 9));
        StepVerifier.create(ProcessStreams.collect(events))
                .assertNext(r -> {
                    assertThat(r.stdout()).isEqualTo("o1o2");
                    assertThat(r.stderr()).isEqualTo("e");
                    assertThat(r.exitCode()).isEqualTo(9);
                    assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
                })
                .verifyComplete();
        StepVerifier.create(ProcessStreams.exitCode(events)).expectNext(9).verifyComplete();
        StepVerifier.create(ProcessStreams.exitCode(events.take(2))).expectError(StreamInterruptedException.class).verify();
        StepVerifier.create(ProcessStreams.collect(events, 2)).expectError(IllegalStateException.class).verify();
    }
}
