package dev.wrenn.client;

import static dev.wrenn.client.FaultServer.dropConnection;
import static dev.wrenn.client.FaultServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** Observations continue the caller's trace into REST calls and streams, with a tracer (Brave, W3C propagation). */
class TracingTest {

    private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();
    private final Tracing tracing = Tracing.newBuilder()
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .propagationFactory(new W3CPropagation())
            .traceId128Bit(true)
            .sampler(Sampler.ALWAYS_SAMPLE)
            .addSpanHandler(new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    finished.add(span);
                    return true;
                }
            })
            .build();
    private final Tracer tracer = new BraveTracer(tracing.tracer(),
            new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
    private final ObservationRegistry registry = ObservationRegistry.create();

    TracingTest() {
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, new BravePropagator(tracing)),
                new DefaultTracingObservationHandler(tracer)));
    }

    @AfterEach
    void closeTracing() {
        tracing.close();
    }

    @Test
    void aRestCallCarriesTheTraceOfTheObservationInItsContext() {
        try (FaultServer server = FaultServer.respond(200, "application/json", "[]");
             WrennClient client = server.client(b -> b.instrument(Micrometer.observations(registry)))) {
            Observation parent = Observation.start("test.handler", registry);
            String traceId = traceId(parent);
            StepVerifier.create(client.capsules().list()
                            .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, parent)))
                    .verifyComplete();
            parent.stop();

            String traceparent = server.requestHeaders.get(0).get("traceparent");
            System.out.println("parent trace ID " + traceId + "; the request's traceparent " + traceparent);
            assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
            assertThat(finished).anySatisfy(span -> {
                assertThat(span.name()).isEqualTo("GET /v1/capsules");
                assertThat(span.traceId()).isEqualTo(traceId);
                assertThat(span.remoteServiceName()).isEqualTo("wrenn");
                assertThat(span.kind()).isEqualTo(brave.Span.Kind.CLIENT);
                assertThat(span.tags()).containsEntry("route", "/v1/capsules").containsEntry("method", "GET")
                        .containsEntry("outcome", "success");
                assertThat(traceparent).contains(span.id());
            });
        }
    }

    @Test
    void aStreamUpgradeCarriesTheTraceAndItsSpanNamesTheCapsule() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out,
                "{\"type\":\"start\",\"pid\":42}", "{\"type\":\"exit\",\"exit_code\":0}").then(dropConnection(ch)));
             WrennClient client = server.client(b -> b.instrument(Micrometer.observations(registry)))) {
            Observation parent = Observation.start("test.handler", registry);
            String traceId = traceId(parent);
            StepVerifier.create(client.processes(TestKeys.CAPSULE).connect(ProcessSelector.tag("web"))
                            .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, parent)))
                    .expectNextCount(2)
                    .verifyComplete();
            parent.stop();

            assertThat(server.requestHeaders.get(0).get("traceparent")).startsWith("00-" + traceId + "-");
            assertThat(finished).anySatisfy(span -> {
                assertThat(span.name()).isEqualTo("connect /v1/capsules/{id}/processes/{selector}/stream");
                assertThat(span.tags()).containsEntry("kind", "connect").containsEntry("outcome", "exit")
                        .containsEntry("capsule.id", TestKeys.CAPSULE);
            });
        }
    }

    @Test
    void withoutAParentObservationACallStartsATraceOfItsOwn() {
        try (FaultServer server = FaultServer.respond(200, "application/json", "[]");
             WrennClient client = server.client(b -> b.instrument(Micrometer.observations(registry)))) {
            StepVerifier.create(client.capsules().list()).verifyComplete();
            assertThat(server.requestHeaders.get(0).get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        }
    }

    @Test
    void withoutObservationsNoTraceHeaderIsSent() {
        try (FaultServer server = FaultServer.respond(200, "application/json", "[]");
             WrennClient client = server.client()) {
            Mono<List<Capsule>> list = client.capsules().list().collectList();
            assertThat(list.block(Duration.ofSeconds(10))).isEmpty();
            assertThat(server.requestHeaders.get(0).contains("traceparent")).isFalse();
        }
    }

    private String traceId(Observation observation) {
        try (Observation.Scope scope = observation.openScope()) {
            return tracer.currentSpan().context().traceId();
        }
    }
}
