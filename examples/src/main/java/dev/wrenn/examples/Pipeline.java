package dev.wrenn.examples;

import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.OutputLine;
import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessStreams;
import dev.wrenn.client.Processes;
import dev.wrenn.client.WrennClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Process output as a data stream: a command prints CSV readings (with a header, comments and a malformed
 * line mixed in); the pipeline splits the output into lines, parses and filters them, groups them in batches,
 * hands each batch to a deliberately slow sink, and totals everything at the end.
 *
 * <p>Backpressure holds from the sink back to the socket: nothing below buffers without bound, so a slow
 * sink slows down how fast the client reads from the service rather than filling memory.
 */
public final class Pipeline {

    static final int READINGS = 600;
    static final int BATCH_SIZE = 50;
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);
    /** How long the pretend sink takes to store one batch. */
    private static final Duration SINK_LATENCY = Duration.ofMillis(20);

    /** Prints {@value #READINGS} readings {@code id,sensor,value}, a header, comments and one broken line. */
    static final Command SENSOR_LOG = Command.shell("""
            echo "id,sensor,value"
            i=1
            while [ $i -le %d ]; do
              if [ $((i %% 100)) -eq 0 ]; then echo "# recalibrating"; fi
              if [ $i -eq 250 ]; then echo "251,sensor-2,"; fi
              echo "$i,sensor-$((i %% 3)),$(( (i * 37) %% 101 - 10 ))"
              i=$((i + 1))
            done
            """.formatted(READINGS));

    /** One parsed line of the log. */
    record Reading(long id, String sensor, int value) {
        /** The reading on this line, or empty for a header, comment or malformed line. */
        static Optional<Reading> parse(String line) {
            String[] fields = line.split(",", -1);
            if (fields.length != 3 || !fields[0].chars().allMatch(Character::isDigit) || fields[2].isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Reading(Long.parseLong(fields[0]), fields[1], Integer.parseInt(fields[2])));
            } catch (NumberFormatException malformed) {
                return Optional.empty();
            }
        }
    }

    /** What one batch held. */
    record BatchStats(int readings, double mean, int max) {
        static BatchStats of(List<Reading> batch) {
            return new BatchStats(batch.size(), batch.stream().mapToInt(Reading::value).average().orElse(0),
                    batch.stream().mapToInt(Reading::value).max().orElse(0));
        }
    }

    /** The totals of a run. */
    public record Summary(int batches, long readings, long sum, int max) {
        static final Summary EMPTY = new Summary(0, 0, 0, Integer.MIN_VALUE);

        Summary add(List<Reading> batch) {
            BatchStats stats = BatchStats.of(batch);
            return new Summary(batches + 1, readings + batch.size(),
                    sum + batch.stream().mapToLong(Reading::value).sum(), Math.max(max, stats.max()));
        }
    }

    private final WrennClient client;
    private final PrintStream out;

    public Pipeline(WrennClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    public static void main(String[] args) {
        Target.runMain("Pipeline", client -> new Pipeline(client, System.out).run());
    }

    /** Runs the log command in a fresh capsule and emits the totals. */
    public Mono<Summary> run() {
        return client.capsules()
                .withCapsule(CapsuleSpec.defaults(), START_DEADLINE, capsule -> process(client.processes(capsule.id())))
                .single()
                .doOnNext(summary -> out.println("Total: " + summary));
    }

    Mono<Summary> process(Processes processes) {
        // execStream starts the command and streams it from its first byte, so no line is missed.
        Flux<ProcessEvent> events = processes.execStream(SENSOR_LOG);
        return ProcessStreams.lines(events)
                // Demand travels up in batches of 64 (then 48 more as they are used): the client reads frames
                // from the socket only while some of that demand is outstanding.
                .limitRate(64)
                .filter(line -> line.stream() == ProcessEvent.StandardStream.STDOUT)
                .map(OutputLine::text)
                .flatMapIterable(line -> Reading.parse(line).stream().toList())
                .filter(reading -> reading.value() >= 0)
                .buffer(BATCH_SIZE)
                // One batch at a time: concatMap asks for the next batch only when the sink has stored this one,
                // so a slow sink slows the reads instead of queueing output in memory.
                .concatMap(this::store)
                .reduce(Summary.EMPTY, Summary::add);
    }

    /** A pretend sink (a database, a queue) that takes a while per batch. */
    private Mono<List<Reading>> store(List<Reading> batch) {
        BatchStats stats = BatchStats.of(batch);
        return Mono.delay(SINK_LATENCY)
                .doOnNext(stored -> out.printf("stored batch: %d readings, mean %.1f, max %d%n",
                        stats.readings(), stats.mean(), stats.max()))
                .thenReturn(batch);
    }
}
