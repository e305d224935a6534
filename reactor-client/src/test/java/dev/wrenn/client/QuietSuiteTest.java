package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.testsupport.ExpectedNoise;
import dev.wrenn.testsupport.NoiseRecorder;
import io.netty.util.internal.logging.InternalLoggerFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.Loggers;
import reactor.util.context.Context;

/** The suite's noise recorder sees what a quiet suite must not produce, and nothing else. */
class QuietSuiteTest {

    @Test
    @ExpectedNoise(reason = "it makes the noise it checks is recorded")
    void droppedErrorsErrorLogsAndWarningsWithStackTracesAreRecorded() {
        NoiseRecorder.drain();
        Operators.onErrorDropped(new IllegalStateException("dropped on purpose"), Context.empty());
        Loggers.getLogger("reactor.netty.probe").error("an error on purpose");
        Loggers.getLogger("reactor.netty.probe").warn("a warning with a stack trace on purpose", new RuntimeException("x"));
        InternalLoggerFactory.getInstance("io.netty.probe").warn("a Netty warning on purpose", new RuntimeException("y"));
        assertThat(NoiseRecorder.drain()).hasSize(4)
                .anySatisfy(entry -> assertThat(entry).contains("onErrorDropped").contains("dropped on purpose"))
                .anySatisfy(entry -> assertThat(entry).startsWith("ERROR reactor.netty.probe"))
                .anySatisfy(entry -> assertThat(entry).startsWith("WARN reactor.netty.probe"))
                .anySatisfy(entry -> assertThat(entry).startsWith("WARN io.netty.probe"));
    }

    @Test
    void plainWarningsAndOtherLoggersAreNotNoise() {
        NoiseRecorder.drain();
        Loggers.getLogger("reactor.netty.probe").warn("a plain warning");
        Loggers.getLogger("com.example.app").error("an application's own error");
        Flux.range(1, 3).take(1).blockLast();
        assertThat(NoiseRecorder.drain()).isEmpty();
    }
}
