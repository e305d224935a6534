package dev.wrenn.emulator.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Counters about output fan-out, for tests that check memory stays bounded when a subscriber stalls. */
public final class StreamStats {

    private final LongAccumulator peakBacklog = new LongAccumulator(Math::max, 0);
    private final LongAdder droppedChunks = new LongAdder();

    StreamStats() {
    }

    /** @return the largest number of chunks any single attachment has held waiting for its subscriber */
    public long peakBacklog() {
        return peakBacklog.get();
    }

    /** @return how many chunks were discarded because an attachment's buffer was full (oldest first) */
    public long droppedChunks() {
        return droppedChunks.sum();
    }

    void recordBacklog(int chunks) {
        peakBacklog.accumulate(chunks);
    }

    void recordDrop() {
        droppedChunks.increment();
    }
}
