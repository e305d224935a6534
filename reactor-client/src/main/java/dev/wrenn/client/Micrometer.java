package dev.wrenn.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer instruments for a client, given to {@link WrennClient.Builder#instrument(Micrometer)}:
 *
 * <pre>{@code
 * WrennClient.builder()
 *         .instrument(Micrometer.meters(meterRegistry))               // needs micrometer-core
 *         .instrument(Micrometer.observations(observationRegistry))   // needs micrometer-observation
 *         .build();
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of the client, so its types appear in this class only: an application
 * without Micrometer never loads it, and {@link WrennClient.Builder} stays loadable and reflectable (its
 * {@code getMethods()} names no Micrometer type) on any class path.
 */
public final class Micrometer {

    private final @Nullable MeterRegistry meters;
    private final @Nullable ObservationRegistry observations;

    private Micrometer(@Nullable MeterRegistry meters, @Nullable ObservationRegistry observations) {
        this.meters = meters;
        this.observations = observations;
    }

    /**
     * Records meters in this registry: REST call timers, open streams, events and bytes received, stream
     * terminations by cause and re-attachments, tagged with route templates, never IDs (see docs/spring.md for
     * the names and tags). Needs {@code micrometer-core}.
     */
    public static Micrometer meters(MeterRegistry registry) {
        return new Micrometer(Arguments.notNull(registry, "registry"), null);
    }

    /**
     * Makes an observation of every REST call ({@code wrenn.client.call}) and process stream
     * ({@code wrenn.client.stream}), the child of the observation found in the subscriber's Reactor context
     * (under {@code ObservationThreadLocalAccessor.KEY}, where Spring WebFlux puts a request's), so that a trace
     * continues into them; with a tracer, the request carries its {@code traceparent}. Needs
     * {@code micrometer-observation}.
     */
    public static Micrometer observations(ObservationRegistry registry) {
        return new Micrometer(null, Arguments.notNull(registry, "registry"));
    }

    /** The registry meters are recorded in, or {@code null} for none. */
    public @Nullable MeterRegistry meterRegistry() {
        return meters;
    }

    /** The registry observations are made in, or {@code null} for none. */
    public @Nullable ObservationRegistry observationRegistry() {
        return observations;
    }

    /** These instruments with {@code later}'s added, a registry of {@code later} replacing one of the same kind. */
    Micrometer and(Micrometer later) {
        return new Micrometer(later.meters != null ? later.meters : meters,
                later.observations != null ? later.observations : observations);
    }

    @Override
    public String toString() {
        return "Micrometer[meters=" + (meters != null) + ", observations=" + (observations != null) + "]";
    }
}
