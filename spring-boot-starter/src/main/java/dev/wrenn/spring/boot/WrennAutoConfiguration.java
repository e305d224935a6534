package dev.wrenn.spring.boot;

import dev.wrenn.client.WrennClient;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * A {@link WrennClient} bean built from the {@code wrenn.*} properties ({@link WrennProperties}), then adjusted
 * by every {@link WrennClientBuilderCustomizer} bean in order, and closed with the application context. Backs
 * off when the application defines its own client.
 */
@AutoConfiguration
@ConditionalOnClass(WrennClient.class)
@EnableConfigurationProperties(WrennProperties.class)
public class WrennAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WrennConnectionDetails wrennConnectionDetails(WrennProperties properties) {
        if (properties.getEmulator().isEnabled()) {
            // Only reached when the emulator's auto-configuration did not apply.
            throw new IllegalStateException("wrenn.emulator.enabled=true needs dev.wrenn:wrenn-emulator on the class path");
        }
        return new PropertiesConnectionDetails(blankToNull(properties.getBaseUrl()), blankToNull(properties.getApiKey()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WrennClient wrennClient(WrennProperties properties, WrennConnectionDetails connection,
                            ObjectProvider<WrennClientBuilderCustomizer> customizers, Environment environment) {
        WrennClient.Builder builder = WrennClient.builder()
                .connectTimeout(properties.getConnectTimeout())
                .responseTimeout(properties.getResponseTimeout())
                .handshakeTimeout(properties.getHandshakeTimeout())
                .idleTimeout(zeroToNull(properties.getIdleTimeout()))
                .keepAliveInterval(zeroToNull(properties.getKeepAliveInterval()))
                .maxFrameSize(bytes(properties.getMaxFrameSize()))
                .maxResponseSize(bytes(properties.getMaxResponseSize()))
                .maxConnections(properties.getMaxConnections())
                .retryPolicy(properties.getRetry().toPolicy())
                .wiretap(properties.isWiretap())
                .allowInsecureHttp(properties.isAllowInsecureHttp());
        if (connection.baseUrl() != null) {
            builder.baseUrl(connection.baseUrl());
        }
        if (connection.apiKey() != null) {
            builder.apiKey(connection.apiKey());
        }
        String applicationId = applicationId(properties, environment);
        if (applicationId != null) {
            builder.applicationId(applicationId);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    private record PropertiesConnectionDetails(String baseUrl, String apiKey) implements WrennConnectionDetails {
        @Override
        public String toString() {
            return "WrennConnectionDetails[" + baseUrl + "]";
        }
    }

    /**
     * {@code wrenn.application-id} as given (the builder checks it), else {@code spring.application.name} made
     * into a token: a name such as {@code My Service} must not stop the application from starting.
     */
    private static String applicationId(WrennProperties properties, Environment environment) {
        if (StringUtils.hasText(properties.getApplicationId())) {
            return properties.getApplicationId();
        }
        String name = environment.getProperty("spring.application.name");
        if (!StringUtils.hasText(name)) {
            return null;
        }
        String token = name.strip().replaceAll("[^A-Za-z0-9!#$%&'*+.^_`|~/-]", "-");
        return token.substring(0, Math.min(token.length(), 64));
    }

    private static String blankToNull(String text) {
        return StringUtils.hasText(text) ? text : null;
    }

    /** In properties, 0 says "off", which the builder says with null. */
    private static Duration zeroToNull(Duration duration) {
        return duration == null || duration.isZero() ? null : duration;
    }

    private static int bytes(DataSize size) {
        return (int) Math.min(Integer.MAX_VALUE, size.toBytes());
    }
}
