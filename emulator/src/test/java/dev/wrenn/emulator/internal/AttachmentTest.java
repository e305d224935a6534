package dev.wrenn.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class AttachmentTest {

    private final StreamStats stats = new StreamStats();
    private final OutputFanOut fanOut = new OutputFanOut(3, stats);

    @Test
    void aLaggingSubscriberKeepsOnlyTheNewestChunksButAlwaysGetsTheEnd() {
        Attachment attachment = fanOut.attach();
        for (int i = 1; i <= 10; i++) {
            fanOut.publish(chunk("c" + i));
        }
        fanOut.complete(new ProcessEvent.Exited(0));

        StepVerifier.create(attachment.events(), 0)
                .thenRequest(10)
                .assertNext(event -> assertChunk(event, "c8"))
                .assertNext(event -> assertChunk(event, "c9"))
                .assertNext(event -> assertChunk(event, "c10"))
                .expectNext(new ProcessEvent.Exited(0))
                .verifyComplete();
        assertThat(stats.peakBacklog()).isEqualTo(3);
        assertThat(stats.droppedChunks()).isEqualTo(7);
    }

    @Test
    void eventsLeaveOnlyAsFastAsTheyAreRequested() {
        Attachment attachment = fanOut.attach();
        fanOut.publish(chunk("a"));
        fanOut.publish(chunk("b"));

        StepVerifier.create(attachment.events(), 1)
                .assertNext(event -> assertChunk(event, "a"))
                .expectNoEvent(java.time.Duration.ofMillis(50))
                .then(() -> fanOut.complete(new ProcessEvent.Exited(-1)))
                .thenRequest(5)
                .assertNext(event -> assertChunk(event, "b"))
                .expectNext(new ProcessEvent.Exited(-1))
                .verifyComplete();
    }

    @Test
    void severingEndsTheCurrentAttachmentsButNotLaterOnes() {
        Attachment current = fanOut.attach();
        fanOut.severAll();
        Attachment later = fanOut.attach();
        fanOut.publish(chunk("after"));
        fanOut.complete(new ProcessEvent.Exited(0));

        StepVerifier.create(current.events()).expectNext(new ProcessEvent.Severed()).verifyComplete();
        StepVerifier.create(later.events())
                .assertNext(event -> assertChunk(event, "after"))
                .expectNext(new ProcessEvent.Exited(0))
                .verifyComplete();
    }

    @Test
    void thereIsNoReplayAndAnAttachmentMadeAfterTheEndGetsJustTheEnd() {
        fanOut.publish(chunk("before anyone attached"));
        fanOut.complete(new ProcessEvent.Exited(3));

        StepVerifier.create(fanOut.attach().events())
                .expectNext(new ProcessEvent.Exited(3))
                .verifyComplete();
    }

    @Test
    void cancellingDetachesAndReleasesTheBuffer() {
        Attachment attachment = fanOut.attach();
        StepVerifier.create(attachment.events(), 0).thenCancel().verify();

        for (int i = 0; i < 10; i++) {
            fanOut.publish(chunk("after cancel"));
        }

        assertThat(stats.peakBacklog()).isZero();
        assertThat(stats.droppedChunks()).isZero();
    }

    private static ProcessEvent.Output chunk(String text) {
        return new ProcessEvent.Output(ProcessEvent.Pipe.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertChunk(ProcessEvent event, String text) {
        assertThat(event).isInstanceOf(ProcessEvent.Output.class);
        assertThat(new String(((ProcessEvent.Output) event).bytes(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
