package dev.wrenn.examples.webflux;

import dev.wrenn.client.Capsule;
import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.NotFoundException;
import dev.wrenn.client.WrennClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /demo/processes}: starts a demo process for the page to watch, in a capsule the app creates on
 * first use and destroys when it stops.
 */
@RestController
class DemoController implements SmartLifecycle {

    /** What the page needs to open the event stream. */
    record DemoProcess(String capsuleId, String selector) {
    }

    /** About ten seconds of output on stdout, with a line on stderr now and then, then exit 0. */
    static final Command DEMO = Command.shell("""
            sleep 1
            for n in $(seq 1 40); do
              echo "tick $n"
              if [ $((n % 10)) -eq 0 ]; then echo "checkpoint $n" >&2; fi
              sleep 0.25
            done
            """);

    private final WrennClient client;
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

    @PostMapping("/demo/processes")
    Mono<DemoProcess> startDemo() {
        return demoCapsule.flatMap(id -> client.processes(id).start(DEMO)
                .map(process -> new DemoProcess(id, process.selector().value())));
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
