package dev.wrenn.client;

/** Fixed fake credentials for tests. */
final class TestKeys {
    static final String API_KEY = "wrn_0123456789abcdef0123456789abcdef";
    static final String CAPSULE = "cl-abcdefghijklmnopqrstuvwxy";

    private TestKeys() {
    }
}
