package dev.wrenn.spring.boot.app;

import dev.wrenn.client.CapsuleSpec;
import dev.wrenn.client.Command;
import dev.wrenn.client.CommandResult;
import dev.wrenn.client.WrennClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A WebFlux app that uses the starter's client and nothing else of its own. */
@SpringBootApplication
public class HelloApplication {

    // tag::controller[]
    @RestController
    static class HelloController {

        private final WrennClient client;

        HelloController(WrennClient client) {
            this.client = client;
        }

        /** Runs {@code echo} in a capsule made for the request, and destroyed after it. */
        @GetMapping("/hello")
        Mono<String> hello(@RequestParam("name") String name) {
            return client.capsules()
                    .withCapsule(CapsuleSpec.defaults(), Duration.ofSeconds(30),
                            capsule -> client.processes(capsule.id()).exec(Command.of("echo", "hello " + name)))
                    .map(CommandResult::stdout);
        }
    }
    // end::controller[]
}
