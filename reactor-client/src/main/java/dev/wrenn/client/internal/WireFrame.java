package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;

/** One frame of a process stream as the service sent it, before the stream gives it a capsule and a selector. */
public sealed interface WireFrame {

    /** {@code start}: the process runs, with this PID. */
    record Start(long pid) implements WireFrame {
    }

    /** {@code stdout} or {@code stderr}: a chunk of output. */
    record Output(ProcessEvent.StandardStream stream, String data) implements WireFrame {
        /** This output as the public event of the process {@code selector} selects in {@code capsuleId}. */
        public ProcessEvent.Output event(String capsuleId, ProcessSelector selector) {
            return stream == ProcessEvent.StandardStream.STDOUT
                    ? new ProcessEvent.Stdout(capsuleId, selector, data)
                    : new ProcessEvent.Stderr(capsuleId, selector, data);
        }
    }

    /** {@code exit}: the process ended with this code; the normal end of a stream. */
    record Exit(int exitCode) implements WireFrame {
    }

    /** {@code error}: the stream ends with the service's text. */
    record Error(String text) implements WireFrame {
    }

    /** A frame of a type this client does not know; skipped, so that newer services stay compatible. */
    record Unknown(String type) implements WireFrame {
    }
}
