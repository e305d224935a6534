package dev.wrenn.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One client's input to a terminal, relayed as upstream does: the reader puts each message it can parse into a
 * queue of {@value #CAPACITY} and DROPS it when the queue is full; a sender, off the event loops, takes them one at
 * a time and applies them to the terminal. An {@code input} is coalesced with the inputs queued right behind it,
 * and a {@code resize} or {@code kill} met while coalescing is lost, as upstream.
 */
final class TerminalInputQueue {

    static final int CAPACITY = 64;
    private static final Logger LOG = Loggers.getLogger(TerminalInputQueue.class);

    private final BlockingQueue<Wire.PtyMessage> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicInteger pending = new AtomicInteger();
    private final StreamStats stats;
    private volatile Terminal terminal;

    TerminalInputQueue(StreamStats stats) {
        this.stats = stats;
    }

    /** A message from the client, on its connection's event loop: queued, or dropped when the queue is full. */
    void offer(String text) {
        Wire.PtyMessage message;
        try {
            message = Json.read(text, Wire.PtyMessage.class);
        } catch (ApiException notJson) {
            return; // skipped silently, as upstream
        }
        boolean queued = queue.offer(message);
        stats.recordTerminalInput(queued, queue.size());
        if (!queued) {
            LOG.debug("terminal input queue full, dropping a '{}' message", message.type());
            return;
        }
        drain();
    }

    /** Starts delivering to {@code terminal}; messages that arrived before wait in the queue. */
    void deliverTo(Terminal target) {
        this.terminal = target;
        drain();
    }

    private void drain() {
        if (terminal != null && pending.getAndIncrement() == 0) {
            Schedulers.boundedElastic().schedule(this::sendAll);
        }
    }

    private void sendAll() {
        int missed = 1;
        do {
            for (Wire.PtyMessage message; (message = queue.poll()) != null; ) {
                apply(message);
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }

    private void apply(Wire.PtyMessage message) {
        try {
            switch (String.valueOf(message.type())) {
                case "input" -> {
                    byte[] data = decode(message.data());
                    if (data != null) {
                        terminal.write(coalesce(data));
                    }
                }
                case "resize" -> {
                    if (positive(message.cols()) && positive(message.rows())) {
                        terminal.resize(message.cols(), message.rows());
                    }
                }
                case "kill" -> terminal.kill();
                default -> { }
            }
        } catch (IOException e) {
            LOG.debug("terminal input not delivered: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The inputs queued right now, appended; a message of another type ends the run and is lost. */
    private byte[] coalesce(byte[] first) {
        ByteArrayOutputStream all = null;
        for (Wire.PtyMessage next; (next = queue.poll()) != null; ) {
            if (!"input".equals(next.type())) {
                LOG.debug("terminal '{}' message lost in coalesced input", next.type());
                break;
            }
            byte[] data = decode(next.data());
            if (data != null) {
                if (all == null) {
                    all = new ByteArrayOutputStream();
                    all.writeBytes(first);
                }
                all.writeBytes(data);
            }
        }
        return all == null ? first : all.toByteArray();
    }

    private static byte[] decode(String base64) {
        try {
            return base64 == null ? null : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean positive(Long value) {
        return value != null && value > 0;
    }
}
