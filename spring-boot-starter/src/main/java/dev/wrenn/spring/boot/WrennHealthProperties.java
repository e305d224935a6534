package dev.wrenn.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code management.health.wrenn.*}: the health indicator's settings. */
@ConfigurationProperties("management.health.wrenn")
public class WrennHealthProperties {

    /** How long the health check waits for the service before it reports down. */
    private Duration timeout = Duration.ofSeconds(10);

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
