package dev.wrenn.examples.webflux;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code wrenn.api-key} and {@code wrenn.base-url}, which default to the {@code WRENN_API_KEY} and
 * {@code WRENN_BASE_URL} environment variables (see {@code application.properties}). Without a key the app
 * starts a local emulator.
 */
@ConfigurationProperties("wrenn")
public record WrennProperties(String apiKey, String baseUrl) {
}
