package dev.wrenn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class DeadlineTest {

    private static final Duration LONG = Duration.ofHours(1);

    private static <T> Mono<T> within(Mono<T> attempt, Duration deadline) {
        return new Deadline<>(attempt, deadline, () -> new IllegalStateException("deadline passed"));
    }

    @Test
    void anAttemptThatEndsInTimePassesItsValueOrItsError() {
        StepVerifier.create(within(Mono.just(1), LONG)).expectNext(1).verifyComplete();
        StepVerifier.create(within(Mono.empty(), LONG)).verifyComplete();
        StepVerifier.create(within(Mono.error(new IllegalArgumentException("own")), LONG))
                .expectErrorMessage("own").verify();
    }

    @Test
    void anAttemptWithNoAnswerFailsAtTheDeadlineAndIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.create(within(Mono.never().doOnCancel(() -> cancelled.set(true)), Duration.ofMillis(50)))
                .expectErrorMessage("deadline passed")
                .verify(Duration.ofSeconds(30));
        assertThat(cancelled).isTrue();
    }

    @Test
    void aCancelledAttemptIsCancelledUpstream() {
        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.create(within(Mono.never().doOnCancel(() -> cancelled.set(true)), LONG))
                .thenCancel()
                .verify();
        assertThat(cancelled).isTrue();
    }

    @Test
    void anAttemptSubscribedOnAnEventLoopIsTimedOnThatLoop() throws InterruptedException {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            AtomicReference<Thread> failedOn = new AtomicReference<>();
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            loop.submit(() -> loopThread.set(Thread.currentThread())).syncUninterruptibly();
            StepVerifier.create(within(Mono.never(), Duration.ofMillis(50))
                            .doOnError(e -> failedOn.set(Thread.currentThread()))
                            .subscribeOn(Schedulers.fromExecutor(loop)))
                    .expectErrorMessage("deadline passed")
                    .verify(Duration.ofSeconds(30));
            assertThat(failedOn.get()).isSameAs(loopThread.get());
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }
}
