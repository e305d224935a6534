package dev.wrenn.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring WebFlux app that serves a process's output as Server-Sent Events, straight from the client's
 * {@code Flux}, with a page at {@code /} that shows it live. Its {@code WrennClient} comes from the Wrenn Spring
 * Boot starter: against a local emulator by default ({@code wrenn.emulator.enabled}), against the service with
 * {@code WRENN_EMULATOR_ENABLED=false} and {@code WRENN_API_KEY} set.
 *
 * <p>It has no authentication and its demo endpoints run processes with the operator's key, so it listens on
 * 127.0.0.1 only ({@code server.address}). Before serving other machines, put authentication in front (Spring
 * Security, or an authenticating reverse proxy) and remove {@link DemoController}.
 */
@SpringBootApplication
public class WrennDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(WrennDemoApplication.class, args);
    }
}
