package dev.wrenn.spring.boot;

import dev.wrenn.client.Micrometer;
import dev.wrenn.client.WrennClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the auto-configured {@link WrennClient} the application's {@link MeterRegistry} and
 * {@link ObservationRegistry}, when Micrometer is on the class path and such a bean exists (Spring Boot's
 * actuator makes both). Each can be switched off: {@code wrenn.metrics.enabled=false},
 * {@code wrenn.observations.enabled=false}. The registries are looked up when the client is built, so the order
 * of the auto-configurations does not matter.
 */
@AutoConfiguration
@ConditionalOnClass(WrennClient.class)
public class WrennObservabilityAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnProperty(name = "wrenn.metrics.enabled", matchIfMissing = true)
    static class Metrics {

        @Bean
        WrennClientBuilderCustomizer wrennMeterRegistryCustomizer(ObjectProvider<MeterRegistry> registry) {
            return builder -> registry.ifUnique(meters -> builder.instrument(Micrometer.meters(meters)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnProperty(name = "wrenn.observations.enabled", matchIfMissing = true)
    static class Observations {

        @Bean
        WrennClientBuilderCustomizer wrennObservationRegistryCustomizer(ObjectProvider<ObservationRegistry> registry) {
            return builder -> registry.ifUnique(observations -> builder.instrument(Micrometer.observations(observations)));
        }
    }
}
