package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to an emulator over a real socket, with the emulator's key unless told otherwise. */
final class TestApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String apiKey;
    private final Path rootDirectory;
    private final Duration requestTimeout;

    TestApi(WrennEmulator emulator) {
        this(emulator.baseUrl(), emulator.apiKey(), emulator.rootDirectory());
    }

    /** For an emulator running elsewhere (another JVM); {@code rootDirectory} may be null. */
    TestApi(String baseUrl, String apiKey, Path rootDirectory) {
        this(baseUrl, apiKey, rootDirectory, DEFAULT_TIMEOUT);
    }

    private TestApi(String baseUrl, String apiKey, Path rootDirectory, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.rootDirectory = rootDirectory;
        this.requestTimeout = requestTimeout;
    }

    /** The same API with a shorter limit per request, for tests that must notice a stalled answer quickly. */
    TestApi withRequestTimeout(Duration timeout) {
        return new TestApi(baseUrl, apiKey, rootDirectory, timeout);
    }

    record Response(int status, String body, HttpHeaders headers) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String contentType() {
            return headers.firstValue("content-type").orElse("");
        }
    }

    Response get(String path) {
        return send("GET", path, null, apiKey);
    }

    Response post(String path, String body) {
        return send("POST", path, body, apiKey);
    }

    Response delete(String path) {
        return send("DELETE", path, null, apiKey);
    }

    /** @param apiKey {@code null} to send no key */
    Response send(String method, String path, String body, String apiKey) {
        try {
            return toResponse(HTTP.send(request(method, path, body, apiKey), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError("request failed: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends without waiting for the answer. */
    java.util.concurrent.CompletableFuture<Response> postAsync(String path, String body) {
        return HTTP.sendAsync(request("POST", path, body, apiKey), HttpResponse.BodyHandlers.ofString())
                .thenApply(TestApi::toResponse);
    }

    HttpRequest request(String method, String path, String body, String apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        return builder.build();
    }

    static Response toResponse(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.body(), response.headers());
    }

    /** A new capsule's ID (the emulator under test is expected to use a zero startup delay). */
    String createCapsule() {
        Response created = post("/v1/capsules", "{}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** A new capsule's ID, once it is running, whatever the startup delay. */
    String createRunningCapsule() {
        String id = createCapsule();
        HostProcesses.await("capsule " + id + " to run",
                () -> get("/v1/capsules/" + id).json().get("status").asString().equals("running"));
        return id;
    }

    Path capsuleDir(String capsuleId) {
        return rootDirectory.resolve(capsuleId);
    }

    /** Foreground exec of {@code /bin/sh -c script}. */
    Response execShell(String capsuleId, String script) {
        return post("/v1/capsules/" + capsuleId + "/exec", json("cmd", "sh", "args", List.of("-c", script)));
    }

    /** Starts {@code /bin/sh -c script} in the background; returns the 202 body. */
    JsonNode startBackground(String capsuleId, String script, Object... moreFields) {
        List<Object> fields = new ArrayList<>(List.of("cmd", "sh", "args", List.of("-c", script), "background", true));
        fields.addAll(List.of(moreFields));
        Response started = post("/v1/capsules/" + capsuleId + "/exec", json(fields.toArray()));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json();
    }

    /**
     * Starts, from one foreground exec, three sleepers that leave the process tree: one sent to the background
     * with {@code &} (re-parented when the exec ends), one double-forked, one in a new session. Returns their PIDs.
     */
    List<Long> startSleepersThatLeaveTheProcessTree(String capsuleId) {
        Response started = execShell(capsuleId, """
                sleep 1237 </dev/null >/dev/null 2>&1 & echo $!
                (sleep 1237 </dev/null >/dev/null 2>&1 & echo $! > daemon.pid) & wait $!; cat daemon.pid
                setsid sh -c 'echo $$ > session.pid; exec sleep 1237' </dev/null >/dev/null 2>&1 &
                until [ -s session.pid ]; do sleep 0.01; done; cat session.pid
                """);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        List<Long> pids = started.json().get("stdout").asString().lines().map(Long::parseLong).toList();
        assertThat(pids).as(started.body()).hasSize(3);
        return pids;
    }

    /** The PIDs currently listed for the capsule. */
    List<Long> listedPids(String capsuleId) {
        Response listed = get("/v1/capsules/" + capsuleId + "/processes");
        assertThat(listed.status()).isEqualTo(200);
        List<Long> pids = new ArrayList<>();
        listed.json().get("processes").forEach(entry -> pids.add(entry.get("pid").asLong()));
        return pids;
    }

    /** A JSON object from alternating keys and values. */
    static String json(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.writeValueAsString(object);
    }

    /** Percent-encodes {@code text} as one path segment. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
