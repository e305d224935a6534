package dev.wrenn.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** The {@code wrenn} health indicator on Spring Boot 4's health API; see {@link WrennHealthCheck}. */
final class WrennHealthIndicator implements ReactiveHealthIndicator {

    private final WrennHealthCheck check;

    WrennHealthIndicator(WrennHealthCheck check) {
        this.check = check;
    }

    @Override
    public Mono<Health> health() {
        return check.check().map(outcome -> (outcome.up() ? Health.up() : Health.down())
                .withDetails(outcome.details()).build());
    }
}
