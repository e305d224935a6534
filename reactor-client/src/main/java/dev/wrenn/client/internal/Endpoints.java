package dev.wrenn.client.internal;

import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.ProcessSignal;
import org.jspecify.annotations.Nullable;

/**
 * The whole path vocabulary of the service: every request path is built here, each with its route template
 * (the path with every ID and tag replaced by a placeholder), which names the call in metrics and traces without
 * growing with the capsules. A capsule ID or tag goes into the path as it is, as one segment: the service's
 * router matches the path still encoded, so the public API refuses, before any I/O, every value that would need
 * percent-encoding, and this class trusts the values it gets.
 */
final class Endpoints {

    private static final String CAPSULES = "/v1/capsules";
    private static final String CAPSULE = CAPSULES + "/{id}";
    private static final String PROCESSES = "/processes";
    private static final String PROCESS = CAPSULE + PROCESSES + "/{selector}";

    /** A request path, the route template it was made from, and the capsule it addresses (or null). */
    record Endpoint(String route, String path, @Nullable String capsuleId) {
    }

    private Endpoints() {
    }

    static Endpoint capsules() {
        return new Endpoint(CAPSULES, CAPSULES, null);
    }

    static Endpoint capsule(String capsuleId) {
        return new Endpoint(CAPSULE, capsulePath(capsuleId), capsuleId);
    }

    static Endpoint pause(String capsuleId) {
        return action(capsuleId, "/pause");
    }

    static Endpoint resume(String capsuleId) {
        return action(capsuleId, "/resume");
    }

    static Endpoint ping(String capsuleId) {
        return action(capsuleId, "/ping");
    }

    static Endpoint exec(String capsuleId) {
        return action(capsuleId, "/exec");
    }

    static Endpoint execStream(String capsuleId) {
        return action(capsuleId, "/exec/stream");
    }

    static Endpoint terminal(String capsuleId) {
        return action(capsuleId, "/pty");
    }

    static Endpoint processes(String capsuleId) {
        return action(capsuleId, PROCESSES);
    }

    static Endpoint process(String capsuleId, ProcessSelector selector) {
        return new Endpoint(PROCESS, processPath(capsuleId, selector), capsuleId);
    }

    static Endpoint kill(String capsuleId, ProcessSelector selector, ProcessSignal signal) {
        return new Endpoint(PROCESS, processPath(capsuleId, selector) + "?signal=" + signal.name(), capsuleId);
    }

    static Endpoint processStream(String capsuleId, ProcessSelector selector) {
        return new Endpoint(PROCESS + "/stream", processPath(capsuleId, selector) + "/stream", capsuleId);
    }

    private static Endpoint action(String capsuleId, String action) {
        return new Endpoint(CAPSULE + action, capsulePath(capsuleId) + action, capsuleId);
    }

    private static String capsulePath(String capsuleId) {
        return CAPSULES + '/' + capsuleId;
    }

    private static String processPath(String capsuleId, ProcessSelector selector) {
        return capsulePath(capsuleId) + PROCESSES + '/' + selector.value();
    }
}
