package dev.wrenn.benchmarks;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A load server in the test JVM for the test class that registers this (as a static field), stopped after it. */
final class InProcessLoadServer implements BeforeAllCallback, AfterAllCallback {

    private LoadServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new LoadServer(0, 2, Duration.ofSeconds(10));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    String baseUrl() {
        return server.baseUrl();
    }
}
