package dev.wrenn.examples.webflux;

import dev.wrenn.client.WrennClient;
import dev.wrenn.examples.Target;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link WrennClient} for the whole app, shared by every request: it is thread-safe and cheap to share. */
@Configuration(proxyBeanMethods = false)
class WrennClientConfiguration {

    /** Closed with the application context, which also stops the emulator if one was started. */
    @Bean(destroyMethod = "close")
    Target wrennTarget(WrennProperties properties) {
        return Target.connect(properties.apiKey(), properties.baseUrl());
    }

    /** The target closes it; no destroy method of its own. */
    @Bean(destroyMethod = "")
    WrennClient wrennClient(Target target) {
        return target.client();
    }
}
