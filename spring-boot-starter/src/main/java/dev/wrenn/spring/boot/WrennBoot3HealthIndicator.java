package dev.wrenn.spring.boot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** The {@code wrenn} health indicator on Spring Boot 3's health API; see {@link WrennHealthCheck}. */
final class WrennBoot3HealthIndicator implements ReactiveHealthIndicator {

    private final WrennHealthCheck check;

    WrennBoot3HealthIndicator(WrennHealthCheck check) {
        this.check = check;
    }

    @Override
    public Mono<Health> health() {
        return check.check().map(outcome -> (outcome.up() ? Health.up() : Health.down())
                .withDetails(outcome.details()).build());
    }
}
