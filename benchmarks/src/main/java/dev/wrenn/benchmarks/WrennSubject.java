package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.Processes;
import dev.wrenn.client.RetryPolicy;
import dev.wrenn.client.WrennClient;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The client under test, configured for load: no idle timeout, no keepalive pings, no retries, the raw loop's REST pool size. */
public final class WrennSubject implements Subject {

    public static final String NAME = "wrenn-client";

    private final WrennClient client;
    private final Processes processes;

    public WrennSubject(String baseUrl) {
        this.client = WrennClient.builder()
                .baseUrl(baseUrl)
                .apiKey(API_KEY)
                .idleTimeout(null)
                .keepAliveInterval(null)
                .handshakeTimeout(Duration.ofSeconds(60))
                .connectTimeout(Duration.ofSeconds(60))
                .retryPolicy(RetryPolicy.none())
                .maxConnections(REST_POOL_SIZE)
                .build();
        this.processes = client.processes(CAPSULE_ID);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Flux<ProcessEvent> attach(String tag) {
        return processes.connect(ProcessSelector.tag(tag));
    }

    @Override
    public Mono<List<ProcessInfo>> list() {
        return processes.list().collectList();
    }

    @Override
    public void close() {
        client.closeLater().block(Duration.ofSeconds(10));
    }
}
