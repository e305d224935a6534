package dev.wrenn.spring.boot;

/**
 * Where the {@link dev.wrenn.client.WrennClient} bean connects, and with which key. By default taken from
 * {@code wrenn.base-url} and {@code wrenn.api-key}; the emulator mode ({@code wrenn.emulator.enabled}) provides
 * its own; an application may define a bean of this type to take them from elsewhere (a secret store, say).
 */
public interface WrennConnectionDetails {

    /** The base URL, or {@code null} for the client's default ({@code WRENN_BASE_URL}, else the hosted service). */
    String baseUrl();

    /** The API key, or {@code null} for the client's default ({@code WRENN_API_KEY}). */
    String apiKey();
}
