package dev.wrenn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.json.JsonMapper;

/** Every subject against an in-process load server: a small stream arrives whole, decoded, in order. */
class SubjectsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Scenario SMALL = Scenario.burst(64, 50);
    private static final List<String> DECODING = Subjects.DECODING;

    @RegisterExtension
    static final InProcessLoadServer server = new InProcessLoadServer();

    @ParameterizedTest
    @FieldSource("DECODING")
    void everyDecodingSubjectDeliversTheStartEveryStdoutFrameAndTheExitInOrder(String name) {
        ProcessSelector selector = ProcessSelector.tag(SMALL.tag());
        String stdoutText = JsonMapper.builder().build().readTree(StdoutFrames.stdout(SMALL.frameSize())).path("data").asString();

        List<ProcessEvent> events;
        try (Subject subject = Subjects.create(name, server.baseUrl())) {
            events = subject.attach(SMALL.tag()).collectList().block(TIMEOUT);
        }

        assertThat(events).hasSize((int) SMALL.expectedEvents());
        assertThat(events.get(0)).isEqualTo(new ProcessEvent.Started(Subject.CAPSULE_ID, selector, StdoutFrames.PID));
        assertThat(events.subList(1, events.size() - 1))
                .containsOnly(new ProcessEvent.Stdout(Subject.CAPSULE_ID, selector, stdoutText));
        assertThat(events.get(events.size() - 1)).isEqualTo(new ProcessEvent.Exited(Subject.CAPSULE_ID, selector, 0));
    }

    @Test
    void framesOnlyCountsEveryFrameAndEndsOnTheExit() {
        StreamTally tally = new StreamTally();
        try (Subject subject = Subjects.create(RawReactorNettySubject.FRAMES_ONLY_NAME, server.baseUrl())) {
            subject.attach(SMALL.tag()).doOnNext(tally::record).blockLast(TIMEOUT);
        }

        assertThat(tally.isComplete(SMALL)).as(tally.toString()).isTrue();
    }

    @Test
    void onlyTheClientAndTheRawLoopMakeRestCalls() {
        try (Subject okhttp = Subjects.create(OkHttpSubject.NAME, server.baseUrl())) {
            assertThatThrownBy(() -> okhttp.list().block(TIMEOUT)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
