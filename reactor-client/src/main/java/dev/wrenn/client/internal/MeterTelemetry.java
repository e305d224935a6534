package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.internal.Endpoints.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.EnumMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Micrometer meters. Every tag has a bounded set of values: route templates, methods, stream kinds, outcomes
 * and causes, never an ID or a tag. The counters a stream touches for each frame and event are resolved once,
 * per stream kind.
 */
final class MeterTelemetry implements Telemetry {

    static final String REQUESTS = "wrenn.client.requests";
    static final String STREAMS_ACTIVE = "wrenn.client.streams.active";
    static final String STREAM_EVENTS = "wrenn.client.streams.events";
    static final String STREAM_BYTES = "wrenn.client.streams.bytes";
    static final String STREAM_TERMINATIONS = "wrenn.client.streams.terminations";
    static final String REATTACHMENTS = "wrenn.client.streams.reattachments";

    private final MeterRegistry registry;
    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Counter> terminations;
    private final Map<StreamKind, Counter> events = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, Counter> bytes = new EnumMap<>(StreamKind.class);
    private final Counter reattachments;

    MeterTelemetry(MeterRegistry registry) {
        this.registry = registry;
        this.requests = Timer.builder(REQUESTS)
                .description("REST calls to the Wrenn service, retries included")
                .withRegistry(registry);
        this.terminations = Counter.builder(STREAM_TERMINATIONS)
                .description("Process streams ended, by cause")
                .withRegistry(registry);
        for (StreamKind kind : StreamKind.values()) {
            events.put(kind, Counter.builder(STREAM_EVENTS).description("Process events received on streams")
                    .tag("kind", kind.tag()).register(registry));
            bytes.put(kind, Counter.builder(STREAM_BYTES).description("Frame payload bytes received on streams")
                    .baseUnit("bytes").tag("kind", kind.tag()).register(registry));
        }
        this.reattachments = Counter.builder(REATTACHMENTS)
                .description("Followed processes attached to again after a gap")
                .register(registry);
    }

    @Override
    public <T> Mono<T> call(Mono<T> call, HttpMethod method, Endpoint endpoint) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(registry);
            return Telemetry.whenEnded(call, (signal, error) -> sample.stop(requests.withTags(
                    "method", method.name(),
                    "route", endpoint.route(),
                    "outcome", Telemetry.callOutcome(signal, error),
                    "status", Telemetry.callStatus(error))));
        });
    }

    @Override
    public Flux<ProcessEvent> stream(Flux<ProcessEvent> stream, StreamKind kind, Endpoint endpoint) {
        Tags tags = Tags.of("kind", kind.tag(), "route", endpoint.route());
        LongTaskTimer active = LongTaskTimer.builder(STREAMS_ACTIVE).description("Process streams open")
                .tags(tags).register(registry);
        Counter received = events.get(kind);
        return Flux.defer(() -> {
            LongTaskTimer.Sample open = active.start();
            return Telemetry.whenEnded(stream.doOnNext(event -> received.increment()), (signal, error) -> {
                open.stop();
                terminations.withTags(tags.and("cause", Telemetry.streamCause(signal, error))).increment();
            });
        });
    }

    @Override
    public Flux<Object> frames(Flux<Object> frames, StreamKind kind) {
        Counter received = bytes.get(kind);
        return frames.doOnNext(frame -> {
            if (frame instanceof WebSocketFrame webSocketFrame) {
                received.increment(webSocketFrame.content().readableBytes());
            }
        });
    }

    @Override
    public void reattached() {
        reattachments.increment();
    }
}
