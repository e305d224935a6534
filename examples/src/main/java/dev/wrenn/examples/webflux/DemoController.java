package dev.wrenn.examples.webflux;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.WrennClient;
import dev.wrenn.examples.Gate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /demo/processes}: starts a demo process for the page to watch, in a capsule the app creates on
 * first use and destroys when it stops. The process waits at its {@link Gate} until the page, attached, calls
 * {@code POST /demo/processes/{tag}/release}, so the page shows it from its first line.
 *
 * <p>Anyone who can reach these endpoints can run processes with the operator's key: the app listens on the
 * loopback interface only (see {@code application.properties}); never expose them.
 */
@RestController
class DemoController implements SmartLifecycle {

    /** What the page needs to open the event stream. */
    record DemoProcess(String capsuleId, String selector) {
    }

    /** About ten seconds of output on stdout, with a line on stderr now and then, then exit 0. */
    static final String DEMO = """
            for n in $(seq 1 40); do
              echo "tick $n"
              if [ $((n % 10)) -eq 0 ]; then echo "checkpoint $n" >&2; fi
              sleep 0.25
            done
            """;

    private final WrennClient client;
    private final AtomicInteger demosStarted = new AtomicInteger();
    /** Tags of the demo processes whose gate is still closed: only those can be released. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> capsuleId = new AtomicReference<>();
    /** The demo capsule, created once; a failed creation is not cached, so the next request tries again. */
    private final Mono<String> demoCapsule;
    private volatile boolean running;

    DemoController(WrennClient client) {
        this.client = client;
        this.demoCapsule = client.capsules().create(CapsuleSpec.defaults())
                .doOnNext(capsule -> capsuleId.set(capsule.id()))
                .flatMap(capsule -> client.capsules().awaitRunning(capsule.id(), Duration.ofMinutes(2)))
                .map(Capsule::id)
                .cache(id -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** The demo capsule, created on first use; the terminal page's shell runs in it too. */
    Mono<String> demoCapsule() {
        return demoCapsule;
    }

    @PostMapping("/demo/processes")
    Mono<DemoProcess> startDemo() {
        String tag = "demo-" + demosStarted.incrementAndGet();
        return demoCapsule.flatMap(id -> client.processes(id).start(Gate.forTag(tag).guard(DEMO).withTag(tag))
                .doOnNext(started -> waiting.add(tag))
                .map(process -> new DemoProcess(id, tag)));
    }

    /** Opens the gate of a demo process, once its watcher is attached. */
    @PostMapping("/demo/processes/{tag}/release")
    Mono<ResponseEntity<Void>> release(@PathVariable("tag") String tag) {
        if (!waiting.remove(tag)) {
            return Mono.just(ResponseEntity.notFound().build());
        }
        return demoCapsule.flatMap(id -> Gate.forTag(tag).open(client.processes(id)))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    /** Destroys the demo capsule without blocking the shutdown thread; the context waits for the callback. */
    @Override
    public void stop(Runnable callback) {
        running = false;
        Mono.justOrEmpty(capsuleId.get())
                .flatMap(id -> client.capsules().destroy(id))
                .onErrorResume(NotFoundException.class, alreadyGone -> Mono.empty())
                .doFinally(signal -> callback.run())
                .subscribe(null, error -> { });
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
