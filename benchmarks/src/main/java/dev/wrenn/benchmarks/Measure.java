package dev.wrenn.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Measurement helpers shared by the harnesses. */
public final class Measure {

    private Measure() {
    }

    /** Heap in use after full collections, so that only live objects count. */
    public static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** What every live thread of this JVM has used so far: CPU time in nanoseconds and bytes allocated. */
    public record ThreadUse(long cpuNanos, long allocatedBytes) {

        public static ThreadUse now() {
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = threads.getAllThreadIds();
            long cpu = 0;
            for (long id : ids) {
                cpu += Math.max(0, threads.getThreadCpuTime(id));
            }
            return new ThreadUse(cpu, Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum());
        }

        /** What was used since {@code before}; threads that ended in between are not counted. */
        public ThreadUse since(ThreadUse before) {
            return new ThreadUse(cpuNanos - before.cpuNanos, allocatedBytes - before.allocatedBytes);
        }
    }

    /** The {@code q} quantile (0..1) of the values, by the nearest-rank method. */
    public static long percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }

    public static double mebibytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
