package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.internal.Endpoints.Endpoint;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Micrometer observations: one per REST call ({@value #CALL}) and one per process stream ({@value #STREAM}),
 * children of the observation in the subscriber's context (which Spring WebFlux puts there for each request),
 * so that a trace continues into the service. Each observation's carrier is a set of headers the request then
 * carries (see {@link RequestHeaders}): a tracer's handler writes {@code traceparent} there. Low-cardinality
 * keys (method, route, kind, outcome) may become meter tags; the capsule ID is a high-cardinality key, for
 * traces only.
 */
final class ObservationTelemetry implements Telemetry {

    static final String CALL = "wrenn.client.call";
    static final String STREAM = "wrenn.client.stream";

    private final ObservationRegistry registry;

    ObservationTelemetry(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T> Mono<T> call(Mono<T> call, HttpMethod method, Endpoint endpoint) {
        return Mono.deferContextual(context -> {
            HttpHeaders headers = new DefaultHttpHeaders();
            Observed observed = new Observed(start(context, CALL, method.name() + ' ' + endpoint.route(), endpoint, headers,
                    "method", method.name()), Telemetry::callOutcome);
            return Telemetry.whenEnded(call.contextWrite(observed.carrying(headers)), observed::stop);
        });
    }

    @Override
    public Flux<ProcessEvent> stream(Flux<ProcessEvent> events, StreamKind kind, Endpoint endpoint) {
        return Flux.deferContextual(context -> {
            HttpHeaders headers = new DefaultHttpHeaders();
            Observed observed = new Observed(start(context, STREAM, kind.tag() + ' ' + endpoint.route(), endpoint, headers,
                    "kind", kind.tag()), Telemetry::streamCause);
            return Telemetry.whenEnded(events.contextWrite(observed.carrying(headers)), observed::stop);
        });
    }

    /** Starts an observation whose tracing handlers write what they propagate into {@code headers}. */
    private Observation start(ContextView context, String name, String contextualName, Endpoint endpoint,
                              HttpHeaders headers, String key, String value) {
        SenderContext<HttpHeaders> sender = new SenderContext<>((carrier, k, v) -> carrier.set(k, v), Kind.CLIENT);
        sender.setCarrier(headers);
        sender.setRemoteServiceName("wrenn");
        return Observation.createNotStarted(name, () -> sender, registry)
                .contextualName(contextualName)
                .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                .lowCardinalityKeyValue(key, value)
                .lowCardinalityKeyValue("route", endpoint.route())
                .highCardinalityKeyValue("capsule.id", endpoint.capsuleId() == null ? "none" : endpoint.capsuleId())
                .start();
    }

    /** One observation until its publisher ends. */
    private static final class Observed {
        private final Observation observation;
        private final BiFunction<SignalType, @Nullable Throwable, String> outcome;

        Observed(Observation observation, BiFunction<SignalType, @Nullable Throwable, String> outcome) {
            this.observation = observation;
            this.outcome = outcome;
        }

        /** Makes the observation the parent of what runs upstream, and its headers those the request carries. */
        Function<Context, Context> carrying(HttpHeaders headers) {
            return context -> context.put(ObservationThreadLocalAccessor.KEY, observation)
                    .put(RequestHeaders.PROPAGATED, headers);
        }

        void stop(SignalType signal, @Nullable Throwable error) {
            if (error != null) {
                observation.error(error);
            }
            observation.lowCardinalityKeyValue("outcome", outcome.apply(signal, error)).stop();
        }
    }
}
