package dev.wrenn.spring.boot;

import dev.wrenn.client.WrennClient;

/**
 * A bean of this type adjusts the builder of the auto-configured {@link WrennClient} after the {@code wrenn.*}
 * properties are applied, for options that are not properties (a lent {@code HttpClient} or event loops, TLS
 * settings). Several are applied in {@link org.springframework.core.annotation.Order @Order}.
 */
@FunctionalInterface
public interface WrennClientBuilderCustomizer {

    /** Adjusts the builder; called once, before the client is built. */
    void customize(WrennClient.Builder builder);
}
