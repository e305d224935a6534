package dev.wrenn.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits output chunks into lines, keeping a partial line per process and per output stream until its end
 * arrives in a later chunk. Not thread-safe: one instance per subscription, fed in event order.
 */
final class LineSplitter {

    private record Key(String capsuleId, ProcessSelector selector, ProcessEvent.StandardStream stream) {
    }

    private final int maxLineLength;
    private final Map<Key, StringBuilder> partial = new HashMap<>();

    /** @param maxLineLength a partial line that grows to this length is emitted as it is, bounding memory */
    LineSplitter(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** The lines an event completes: those ended in an output chunk, or the pending ones of a process that exited. */
    List<OutputLine> accept(ProcessEvent event) {
        if (event instanceof ProcessEvent.Output output) {
            return split(new Key(output.capsuleId(), output.selector(), output.stream()), output.data());
        }
        if (event instanceof ProcessEvent.Exited || event instanceof ProcessEvent.Reattached) {
            // The end of the process, or a gap after which the line cannot continue: flush what is pending.
            List<OutputLine> lines = new ArrayList<>(2);
            for (ProcessEvent.StandardStream stream : ProcessEvent.StandardStream.values()) {
                StringBuilder pending = partial.remove(new Key(event.capsuleId(), event.selector(), stream));
                if (pending != null) {
                    lines.add(line(new Key(event.capsuleId(), event.selector(), stream), pending.toString()));
                }
            }
            return lines;
        }
        return List.of();
    }

    private List<OutputLine> split(Key key, String data) {
        List<OutputLine> lines = new ArrayList<>(4);
        int start = 0;
        for (int newline = data.indexOf('\n'); newline >= 0; newline = data.indexOf('\n', start)) {
            StringBuilder pending = partial.remove(key);
            String text = pending == null ? data.substring(start, newline)
                    : pending.append(data, start, newline).toString();
            lines.add(line(key, stripCarriageReturn(text)));
            start = newline + 1;
        }
        if (start < data.length()) {
            StringBuilder pending = partial.computeIfAbsent(key, k -> new StringBuilder());
            pending.append(data, start, data.length());
            while (pending.length() >= maxLineLength) {
                lines.add(line(key, pending.substring(0, maxLineLength)));
                pending.delete(0, maxLineLength);
            }
        }
        return lines;
    }

    private static OutputLine line(Key key, String text) {
        return new OutputLine(key.capsuleId(), key.selector(), key.stream(), text);
    }

    private static String stripCarriageReturn(String text) {
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
