package dev.wrenn.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;

/**
 * Registered for every test class of a module that depends on this one (through
 * {@code META-INF/services} and {@code junit-platform.properties}):
 * <ul>
 *   <li>installs BlockHound once, so a blocking call on a Reactor or Netty thread fails the test that made it;</li>
 *   <li>records every Netty leak report and, after each test class, fails that class if any was made;</li>
 *   <li>records every error dropped by Reactor and every ERROR, or WARN with a stack trace, that Reactor,
 *       Reactor Netty, Netty or the project's code logs (see {@link NoiseRecorder}), and fails the test class
 *       unless the test or class that made it is annotated {@link ExpectedNoise}.</li>
 * </ul>
 * The JVM must run with {@code -Dio.netty.leakDetection.level=paranoid} for every buffer to be tracked.
 */
public final class ReactiveHygiene implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    private static final ConcurrentLinkedQueue<String> UNEXPECTED_NOISE = new ConcurrentLinkedQueue<>();

    static {
        NoiseRecorder.install();
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        // install(...) also loads the integrations on the class path (Reactor's marks its non-blocking threads).
        BlockHound.install(builder -> builder
                // Test logging writes to stderr; that is the test harness's I/O, not the code under test.
                .allowBlockingCallsInside("org.slf4j.simple.SimpleLogger", "write"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Loading this class installs everything; nothing per class.
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sortNoise(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        sortNoise(context);
        List<String> noise = new ArrayList<>(UNEXPECTED_NOISE);
        UNEXPECTED_NOISE.clear();
        if (!noise.isEmpty()) {
            throw new AssertionError(noise.size() + " unexpected error(s) dropped or logged during "
                    + context.getDisplayName() + " (annotate the test with @ExpectedNoise if they are intended):\n"
                    + String.join("\n", noise));
        }
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Files the noise recorded so far under the test that made it, unless that test expects noise. */
    private static void sortNoise(ExtensionContext context) {
        List<String> noise = NoiseRecorder.drain();
        boolean expected = context.getElement().map(e -> e.isAnnotationPresent(ExpectedNoise.class)).orElse(false)
                || context.getTestClass().map(c -> c.isAnnotationPresent(ExpectedNoise.class)).orElse(false);
        if (!expected) {
            noise.forEach(entry -> UNEXPECTED_NOISE.add(context.getDisplayName() + ": " + entry));
        }
    }

    /** Forces leaked buffers to be collected and reported, then drains what was reported. */
    static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            // Leak reports are emitted when a new tracked buffer is allocated after collection.
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
        List<String> out = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            out.add(leak);
        }
        return out;
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + " leak:" + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType + " leak (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
