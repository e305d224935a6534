package dev.wrenn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestConventionsTest {

    private static final int MAX_BODY = 64 * 1024;

    private static WrennEmulator emulator;
    private static TestApi api;
    private static String capsule;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(java.time.Duration.ZERO).maxRequestBodyBytes(MAX_BODY).start();
        api = new TestApi(emulator);
        capsule = api.createCapsule();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/capsules", "POST /v1/capsules", "GET /v1/capsules/{id}", "DELETE /v1/capsules/{id}",
            "POST /v1/capsules/{id}/pause", "POST /v1/capsules/{id}/resume", "POST /v1/capsules/{id}/ping",
            "POST /v1/capsules/{id}/exec", "GET /v1/capsules/{id}/processes", "DELETE /v1/capsules/{id}/processes/1"})
    void restRoutesWithoutTheRightKeyAre401(String route) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", capsule);
        String body = method.equals("POST") ? "{\"cmd\":\"true\"}" : null;

        Shapes.assertError(api.send(method, path, body, null), 401, "unauthorized", null);
        Shapes.assertError(api.send(method, path, body, "wrn_" + "0".repeat(32)), 401, "unauthorized", null);
        Shapes.assertError(api.send(method, path, body, emulator.apiKey() + "x"), 401, "unauthorized", null);
        assertThat(api.get("/v1/capsules/" + capsule).status()).as("the capsule is untouched").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad", "cl-short", "cl-ABCDEFGHIJKLMNOPQRSTUVWXY", "cx-0123456789abcdefghijklmno",
            "cl-0123456789abcdefghijklmnop", "cl-0123456789abcdefghijklm_"})
    void malformedCapsuleIdsAre400BeforeAuth(String id) {
        String[][] calls = {{"GET", ""}, {"DELETE", ""}, {"POST", "/pause"}, {"POST", "/exec"},
                {"GET", "/processes"}, {"DELETE", "/processes/web"}};
        for (String[] call : calls) {
            Shapes.assertError(api.send(call[0], "/v1/capsules/" + id + call[1], null, null),
                    400, "invalid_request", "invalid sandbox ID");
        }
    }

    @Test
    void malformedIdOnWebSocketPathsIsAPlainHttp400WithoutUpgrade() {
        for (String path : new String[]{"/v1/capsules/bad/exec/stream", "/v1/capsules/bad/processes/1/stream"}) {
            Shapes.assertError(api.send("GET", path, null, null), 400, "invalid_request", "invalid sandbox ID");

            StreamClient.Refusal refusal = StreamClient.refusedUpgrade(emulator, path);
            assertThat(refusal.status()).isEqualTo(400);
            assertThat(refusal.body()).isEqualTo("{\"error\":{\"code\":\"invalid_request\",\"message\":\"invalid sandbox ID\"}}");
        }
        assertThat(emulator.openStreamCount()).isZero();
    }

    @Test
    void keyHeaderNameIsCaseInsensitive() {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(emulator.baseUrl() + "/v1/capsules"))
                .header("x-api-key", emulator.apiKey()).GET().build();
        try {
            int status = java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeepAliveConnectionKeepsServingRepliesWrittenAfterWorkOffTheEventLoop() {
        // Create and destroy finish on worker threads; the client sends its next request on the same connection
        // as soon as it has the answer. Each request must be answered promptly.
        TestApi quick = api.withRequestTimeout(java.time.Duration.ofSeconds(5));
        for (int round = 0; round < 300; round++) {
            String id = quick.createCapsule();
            assertThat(quick.get("/v1/capsules/" + id).status()).isEqualTo(200);
            assertThat(quick.delete("/v1/capsules/" + id).status()).isEqualTo(204);
            assertThat(quick.get("/v1/capsules/" + id).status()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1", "/v1/nothing", "/v2/capsules", "/v1/capsules/{id}/unknown", "/v1/capsules/{id}/processes/1/more",
            "/v1/capsules/", "/v1/capsules/{id}/exec/stream/x"})
    void unknownRoutesAreJson404(String path) {
        Shapes.assertError(api.get(path.replace("{id}", capsule)), 404, "not_found", null);
    }

    @Test
    void wrongMethodsOnKnownRoutesAreJson405() {
        TestApi.Response put = api.send("PUT", "/v1/capsules", "{}", emulator.apiKey());
        Shapes.assertError(put, 405, "method_not_allowed", null);
        assertThat(put.headers().firstValue("allow")).hasValue("GET, POST");

        TestApi.Response post = api.send("POST", "/v1/capsules/" + capsule, "{}", emulator.apiKey());
        Shapes.assertError(post, 405, "method_not_allowed", null);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, DELETE");

        Shapes.assertError(api.get("/v1/capsules/" + capsule + "/exec"), 405, "method_not_allowed", null);
        Shapes.assertError(api.delete("/v1/capsules/" + capsule + "/exec/stream"), 405, "method_not_allowed", null);
    }

    @Test
    void webSocketRoutesNeedAnUpgrade() {
        Shapes.assertError(api.get("/v1/capsules/" + capsule + "/exec/stream"), 400, "invalid_request", null);
    }

    @Test
    void bodiesOverTheLimitAre413AndStartNothing() {
        String padding = "x".repeat(MAX_BODY);
        String body = TestApi.json("cmd", "sh", "args", java.util.List.of("-c", "sleep 30", padding), "background", true);

        Shapes.assertError(api.post("/v1/capsules/" + capsule + "/exec", body), 413, "invalid_request", null);
        Shapes.assertError(api.post("/v1/capsules", TestApi.json("template", padding)), 413, "invalid_request", null);
        assertThat(emulator.runningProcessCount()).isZero();
        assertThat(api.listedPids(capsule)).isEmpty();
        assertThat(api.get("/v1/capsules").status()).as("the server still answers").isEqualTo(200);
    }

    @Test
    void bodiesJustUnderTheLimitAreAccepted() {
        String body = TestApi.json("cmd", "true", "args", java.util.List.of("x".repeat(MAX_BODY - 100)));
        assertThat(body.length()).isLessThan(MAX_BODY);

        assertThat(api.post("/v1/capsules/" + capsule + "/exec", body).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"cmd\":", "[]", "{\"cmd\":\"ls\",\"args\":\"-l\"}", "{\"cmd\":\"ls\"} trailing",
            "{\"cmd\":\"ls\",\"timeout_sec\":\"5\"}", "{\"cmd\":\"ls\",\"background\":\"yes\"}"})
    void invalidExecBodiesAre400(String body) {
        Shapes.assertError(api.post("/v1/capsules/" + capsule + "/exec", body), 400, "invalid_request", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"cmd\":\"\"}", "{\"cmd\":\"   \"}", "{\"cmd\":null}", "{\"args\":[\"x\"]}",
            "{\"cmd\":\"ls\",\"args\":[null]}", "{\"cmd\":\"ls\",\"background\":true,\"envs\":{\"A=B\":\"c\"}}"})
    void missingOrUnusableCommandsAre400(String body) {
        Shapes.assertError(api.post("/v1/capsules/" + capsule + "/exec", body), 400, "invalid_request", null);
        assertThat(emulator.runningProcessCount()).isZero();
    }
}
