package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;

/**
 * What one stream delivered. A stream emits its events one at a time, so a tally is written by one thread
 * at a time; harnesses read it after the stream terminated.
 */
public final class StreamTally {

    private long events;
    private long started;
    private long stdout;
    private long exits;

    public void record(ProcessEvent event) {
        events++;
        if (event instanceof ProcessEvent.Started) {
            started++;
        } else if (event instanceof ProcessEvent.Stdout) {
            stdout++;
        } else if (event instanceof ProcessEvent.Exited) {
            exits++;
        }
    }

    public long events() {
        return events;
    }

    public long stdout() {
        return stdout;
    }

    /** Whether the stream delivered as many events as the scenario sends, the last one its exit. */
    public boolean isComplete(Scenario scenario) {
        return events == scenario.expectedEvents() && exits == 1;
    }

    @Override
    public String toString() {
        return "events=" + events + " (start " + started + ", stdout " + stdout + ", exit " + exits + ")";
    }
}
