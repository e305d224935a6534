package dev.wrenn.spring.boot;

import dev.wrenn.client.WrennClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The {@code wrenn} health indicator, when the actuator's health API is on the class path: Spring Boot 4's
 * ({@code org.springframework.boot.health.contributor}) or else Spring Boot 3's
 * ({@code org.springframework.boot.actuate.health}). Switched off by {@code management.health.wrenn.enabled=false}
 * or, when that is not set, {@code management.health.defaults.enabled=false}, as Spring Boot's own indicators are.
 */
@AutoConfiguration(after = WrennAutoConfiguration.class)
@ConditionalOnBean(WrennClient.class)
@Conditional(WrennHealthAutoConfiguration.OnHealthIndicatorEnabled.class)
@EnableConfigurationProperties(WrennHealthProperties.class)
public class WrennHealthAutoConfiguration {

    private static final String BOOT4_HEALTH = "org.springframework.boot.health.contributor.ReactiveHealthIndicator";
    private static final String BOOT3_HEALTH = "org.springframework.boot.actuate.health.ReactiveHealthIndicator";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT4_HEALTH)
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "wrennHealthIndicator")
        WrennHealthIndicator wrennHealthIndicator(WrennClient client, WrennHealthProperties properties) {
            return new WrennHealthIndicator(new WrennHealthCheck(client, properties.getTimeout()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT3_HEALTH)
    @ConditionalOnMissingClass(BOOT4_HEALTH)
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "wrennHealthIndicator")
        WrennBoot3HealthIndicator wrennHealthIndicator(WrennClient client, WrennHealthProperties properties) {
            return new WrennBoot3HealthIndicator(new WrennHealthCheck(client, properties.getTimeout()));
        }
    }

    /** Spring Boot's rule for its own indicators, which both lines share but name in different packages. */
    static class OnHealthIndicatorEnabled extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            Boolean enabled = environment.getProperty("management.health.wrenn.enabled", Boolean.class);
            if (enabled == null) {
                enabled = environment.getProperty("management.health.defaults.enabled", Boolean.class, true);
            }
            return enabled
                    ? ConditionOutcome.match("the wrenn health indicator is enabled")
                    : ConditionOutcome.noMatch("the wrenn health indicator is disabled");
        }
    }
}
