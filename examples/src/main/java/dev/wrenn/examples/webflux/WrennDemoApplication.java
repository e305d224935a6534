package dev.wrenn.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Spring WebFlux app that serves a process's output as Server-Sent Events, straight from the client's
 * {@code Flux}, with a page at {@code /} that shows it live. Against a local emulator unless
 * {@code WRENN_API_KEY} is set.
 *
 * <p>It has no authentication and its demo endpoints run processes with the operator's key, so it listens on
 * 127.0.0.1 only ({@code server.address}). Before serving other machines, put authentication in front (Spring
 * Security, or an authenticating reverse proxy) and remove {@link DemoController}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WrennDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(WrennDemoApplication.class, args);
    }
}
