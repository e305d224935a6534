package dev.wrenn.spring.boot.app;

import dev.wrenn.spring.boot.WrennClientBuilderCustomizer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;
import org.springframework.context.annotation.Bean;

/** The snippets of docs/spring.md that no test runs; compiled so that they stay true. */
final class StarterSnippets {

    private StarterSnippets() {
    }

    static final class TlsConfiguration {
        // tag::customizer[]
        @Bean
        WrennClientBuilderCustomizer privateCertificateAuthority() throws SSLException {
            SslContext tls = SslContextBuilder.forClient()
                    .trustManager(new File("/etc/ssl/private-ca.pem"))
                    .build();
            return builder -> builder.sslContext(tls);
        }
        // end::customizer[]
    }
}
