package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessInfo;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A client under measurement: the Wrenn client, or a baseline written directly on Reactor Netty. */
public interface Subject extends AutoCloseable {

    String CAPSULE_ID = "cl-bench" + "0".repeat(20);
    String API_KEY = "wrn_" + "0123456789abcdef".repeat(2);

    String name();

    /** Attaches to the load server's process with this tag; completes after the exit event. */
    Flux<ProcessEvent> attach(String tag);

    /** Lists the capsule's processes. */
    Mono<List<ProcessInfo>> list();

    @Override
    void close();
}
