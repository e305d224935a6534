package dev.wrenn.spring.boot;

import dev.wrenn.client.WrennClient;
import dev.wrenn.client.WrennException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * What the health indicators of both Spring Boot lines report: up when the service lists the account's capsules
 * (a read that creates nothing) within the timeout; down otherwise, with the error's class, HTTP status and
 * service error code. No detail can hold the API key: the client's errors never contain it.
 */
final class WrennHealthCheck {

    /** The outcome, in terms either line's {@code Health} builder takes. */
    record Outcome(boolean up, Map<String, Object> details) {
    }

    private final WrennClient client;
    private final Duration timeout;

    WrennHealthCheck(WrennClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Mono<Outcome> check() {
        return client.capsules().list().count()
                .timeout(timeout, Mono.error(() -> new TimeoutException("no answer within " + timeout)))
                .map(capsules -> new Outcome(true, details("capsules", capsules)))
                .onErrorResume(error -> Mono.just(new Outcome(false, describe(error))));
    }

    private Map<String, Object> describe(Throwable error) {
        Map<String, Object> details = details("error", error.getClass().getName());
        details.put("message", String.valueOf(error.getMessage()));
        if (error instanceof WrennException failure) {
            if (failure.status() != 0) {
                details.put("status", failure.status());
            }
            if (failure.errorCode() != null) {
                details.put("code", failure.errorCode());
            }
        }
        return details;
    }

    private Map<String, Object> details(String name, Object value) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("baseUrl", client.baseUrl());
        details.put(name, value);
        return details;
    }
}
