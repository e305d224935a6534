package dev.wrenn.emulator.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Counters about output fan-out and terminal input, for tests that check what is buffered and what is dropped. */
public final class StreamStats {

    private final LongAccumulator peakBacklog = new LongAccumulator(Math::max, 0);
    private final LongAdder droppedChunks = new LongAdder();
    private final LongAdder terminalInputs = new LongAdder();
    private final LongAdder droppedTerminalInputs = new LongAdder();
    private final LongAccumulator peakTerminalInputQueue = new LongAccumulator(Math::max, 0);

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

    /** @return how many terminal input messages (input, resize, kill) clients sent after the first */
    public long terminalInputMessages() {
        return terminalInputs.sum();
    }

    /** @return how many of them were dropped because the session's 64-message input queue was full */
    public long droppedTerminalInputs() {
        return droppedTerminalInputs.sum();
    }

    /** @return the most messages any terminal session's input queue has held */
    public long peakTerminalInputQueue() {
        return peakTerminalInputQueue.get();
    }

    void recordTerminalInput(boolean queued, int queueSize) {
        terminalInputs.increment();
        if (queued) {
            peakTerminalInputQueue.accumulate(queueSize);
        } else {
            droppedTerminalInputs.increment();
        }
    }

    void recordBacklog(int chunks) {
        peakBacklog.accumulate(chunks);
    }

    void recordDrop() {
        droppedChunks.increment();
    }
}
