package dev.wrenn.spring.boot;

import dev.wrenn.emulator.WrennEmulator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code wrenn.emulator.enabled=true}, a local {@link WrennEmulator} bean, stopped with the application
 * context (which kills the processes it started), and {@link WrennConnectionDetails} that point the client
 * bean at it, so an application runs and is tested with no Wrenn account.
 */
@AutoConfiguration(before = WrennAutoConfiguration.class)
@ConditionalOnClass(name = "dev.wrenn.emulator.WrennEmulator")
@ConditionalOnProperty(name = "wrenn.emulator.enabled", havingValue = "true")
@EnableConfigurationProperties(WrennProperties.class)
public class WrennEmulatorAutoConfiguration {

    private static final Log log = LogFactory.getLog(WrennEmulatorAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WrennEmulator wrennEmulator(WrennProperties properties) {
        WrennEmulator emulator = WrennEmulator.builder().port(properties.getEmulator().getPort()).start();
        log.info("Wrenn emulator serving at " + emulator.baseUrl() + "; it runs the commands it is sent on this machine");
        return emulator;
    }

    @Bean
    @ConditionalOnMissingBean
    WrennConnectionDetails wrennConnectionDetails(WrennEmulator emulator) {
        return new EmulatorConnectionDetails(emulator);
    }

    private record EmulatorConnectionDetails(WrennEmulator emulator) implements WrennConnectionDetails {
        @Override
        public String baseUrl() {
            return emulator.baseUrl();
        }

        @Override
        public String apiKey() {
            return emulator.apiKey();
        }

        @Override
        public String toString() {
            return "WrennConnectionDetails[" + emulator + "]";
        }
    }
}
