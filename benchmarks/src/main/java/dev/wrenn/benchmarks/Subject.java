package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessInfo;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A client under measurement: the Wrenn client, or an alternative a user would write without it. */
public interface Subject extends AutoCloseable {

    String CAPSULE_ID = "cl-bench" + "0".repeat(20);
    String API_KEY = "wrn_" + "0123456789abcdef".repeat(2);
    String API_KEY_HEADER = "X-API-Key";
    /** REST connection pool of the client and of the raw loop alike, so that neither waits where the other would not. */
    int REST_POOL_SIZE = 500;

    String name();

    /** Attaches to the load server's process with this tag; completes after the exit event. */
    Flux<ProcessEvent> attach(String tag);

    /** Lists the capsule's processes; only the client and the raw loop make REST calls. */
    default Mono<List<ProcessInfo>> list() {
        return Mono.error(new UnsupportedOperationException(name() + " makes no REST calls"));
    }

    @Override
    void close();

    /** The path of the stream of the process with this tag. */
    static String streamPath(String tag) {
        return "/v1/capsules/" + CAPSULE_ID + "/processes/" + tag + "/stream";
    }
}
