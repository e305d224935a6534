package dev.wrenn.spring.boot.tracing;

import dev.wrenn.client.WrennClient;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A WebFlux app whose handler calls the service and answers with the trace ID it runs in. */
@SpringBootApplication
public class TracedApplication {

    @RestController
    static class TracedController {

        private final WrennClient client;
        private final Tracer tracer;

        TracedController(WrennClient client, Tracer tracer) {
            this.client = client;
            this.tracer = tracer;
        }

        @GetMapping("/traced")
        Mono<String> traced() {
            return Mono.deferContextual(context -> {
                Observation request = context.get(ObservationThreadLocalAccessor.KEY);
                String traceId;
                try (Observation.Scope scope = request.openScope()) {
                    traceId = tracer.currentSpan().context().traceId();
                }
                return client.capsules().list().collectList().thenReturn(traceId);
            });
        }
    }
}
