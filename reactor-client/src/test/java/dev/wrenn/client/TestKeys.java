package dev.wrenn.client;

import java.util.function.Function;

/** Fixed fake credentials for tests, and a client that uses them. */
final class TestKeys {
    static final String API_KEY = "wrn_0123456789abcdef0123456789abcdef";
    static final String CAPSULE = "cl-abcdefghijklmnopqrstuvwxy";

    private TestKeys() {
    }

    /** A client of a test server: the test key, no retries unless configured. */
    static WrennClient client(String baseUrl, Function<WrennClient.Builder, WrennClient.Builder> configure) {
        return configure.apply(WrennClient.builder().baseUrl(baseUrl).apiKey(API_KEY)
                .retryPolicy(RetryPolicy.none())).build();
    }
}
