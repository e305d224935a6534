package dev.wrenn.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;

/**
 * Registered for every test class of a module that depends on this one (through
 * {@code META-INF/services} and {@code junit-platform.properties}):
 * <ul>
 *   <li>installs BlockHound once, so a blocking call on a Reactor or Netty thread fails the test that made it;</li>
 *   <li>records every Netty leak report and, after each test class, fails that class if any was made.</li>
 * </ul>
 * The JVM must run with {@code -Dio.netty.leakDetection.level=paranoid} for every buffer to be tracked.
 */
public final class ReactiveHygiene implements BeforeAllCallback, AfterAllCallback {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
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
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
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
