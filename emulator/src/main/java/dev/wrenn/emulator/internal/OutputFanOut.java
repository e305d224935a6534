package dev.wrenn.emulator.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broadcasts one process's output to its current attachments. There is no replay: an attachment sees what is
 * published after it attached, then the terminal event (immediately, if the process already ended).
 */
final class OutputFanOut {

    private final int capacity;
    private final StreamStats stats;
    private final Set<Attachment> attachments = ConcurrentHashMap.newKeySet();
    private volatile ProcessEvent terminal;

    OutputFanOut(int capacity, StreamStats stats) {
        this.capacity = capacity;
        this.stats = stats;
    }

    Attachment attach() {
        Attachment attachment = new Attachment(capacity, stats, attachments::remove);
        attachments.add(attachment);
        // Checked after adding: either complete() sees this attachment or we see its terminal event.
        ProcessEvent end = terminal;
        if (end != null) {
            attachment.terminate(end);
        }
        return attachment;
    }

    void publish(ProcessEvent.Output chunk) {
        for (Attachment attachment : attachments) {
            attachment.offer(chunk);
        }
    }

    /** Ends every current attachment with {@link ProcessEvent.Severed}; later attachments are not affected. */
    void severAll() {
        ProcessEvent.Severed severed = new ProcessEvent.Severed();
        for (Attachment attachment : attachments) {
            attachment.terminate(severed);
        }
    }

    void complete(ProcessEvent end) {
        terminal = end;
        for (Attachment attachment : attachments) {
            attachment.terminate(end);
        }
    }
}
