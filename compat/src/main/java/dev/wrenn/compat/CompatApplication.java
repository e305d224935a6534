package dev.wrenn.compat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application using the client through the starter, as an application on a given Spring Boot line
 * does: the same sources are built against Spring Boot 3.5 and 4.0 by {@code compat/spring-boot-3} and
 * {@code compat/spring-boot-4}.
 */
@SpringBootApplication
public class CompatApplication {

    public static void main(String[] args) {
        SpringApplication.run(CompatApplication.class, args);
    }
}
