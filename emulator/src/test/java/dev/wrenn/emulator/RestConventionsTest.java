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
    void restRoutesWithoutTheRightKeyAre401WithUpstreamsTexts(String route) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", capsule);
        String body = method.equals("POST") ? "{\"cmd\":\"true\"}" : null;

        for (String key : new String[]{null, ""}) {
            Shapes.assertError(api.send(method, path, body, key), 401, "unauthorized",
                    "X-API-Key or Authorization: Bearer <token> required");
        }
        for (String key : new String[]{"wrn_" + "0".repeat(32), emulator.apiKey() + "x"}) {
            Shapes.assertError(api.send(method, path, body, key), 401, "unauthorized", "invalid API key");
        }
        assertThat(api.get("/v1/capsules/" + capsule).json().get("status").asString()).as("the capsule is untouched")
                .isEqualTo("running");
    }

    @Test
    void aBearerTokenIsNeverAccepted() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(emulator.baseUrl() + "/v1/capsules"))
                .header("Authorization", "Bearer " + emulator.apiKey()).GET().build();

        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        Shapes.assertError(TestApi.toResponse(response), 401, "unauthorized", "invalid or expired token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad", "cl-short", "cl-ABCDEFGHIJKLMNOPQRSTUVWXY", "cx-0123456789abcdefghijklmno",
            "cl-0123456789abcdefghijklmnop", "cl-0123456789abcdefghijklm_", "cl-g000000000000000000000000"})
    void malformedCapsuleIdsAre400AfterAuth(String id) {
        String[][] calls = {{"GET", ""}, {"DELETE", ""}, {"POST", "/pause"}, {"POST", "/exec"},
                {"GET", "/processes"}, {"DELETE", "/processes/web"}};
        for (String[] call : calls) {
            String path = "/v1/capsules/" + id + call[1];
            Shapes.assertError(api.send(call[0], path, null, emulator.apiKey()), 400, "invalid_request",
                    "invalid sandbox ID");
            Shapes.assertError(api.send(call[0], path, null, null), 401, "unauthorized", null);
        }
    }

    @Test
    void malformedIdOnWebSocketPathsIsAJson400BeforeTheUpgrade() {
        for (String path : new String[]{"/v1/capsules/bad/exec/stream", "/v1/capsules/bad/processes/1/stream"}) {
            Shapes.assertError(api.send("GET", path, null, null), 400, "invalid_request", "invalid sandbox ID");

            StreamClient.Refusal refusal = StreamClient.refusedUpgrade(emulator, path);
            assertThat(refusal.status()).isEqualTo(400);
            assertThat(refusal.body()).isEqualTo("{\"error\":{\"code\":\"invalid_request\",\"message\":\"invalid sandbox ID\"}}\n");
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
            assertThat(quick.get("/v1/capsules/" + id).json().get("status").asString()).isEqualTo("stopped");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1", "/v1/nothing", "/v2/capsules", "/v1/capsules/{id}/unknown", "/v1/capsules/{id}/processes/1/more",
            "/v1/capsules/{id}/exec/stream/x"})
    void unknownRoutesAreTheRoutersPlainText404(String path) {
        Shapes.assertPlainText(api.get(path.replace("{id}", capsule)), 404, "404 page not found");
        Shapes.assertPlainText(api.send("GET", path.replace("{id}", capsule), null, null), 404, "404 page not found");
    }

    @Test
    void wrongMethodsOnKnownRoutesAreAnEmpty405WithAllow() {
        TestApi.Response put = api.send("PUT", "/v1/capsules", "{}", emulator.apiKey());
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.body()).isEmpty();
        assertThat(put.headers().firstValue("allow")).hasValue("GET, POST");

        TestApi.Response post = api.send("POST", "/v1/capsules/" + capsule, "{}", null);
        assertThat(post.status()).as("before auth").isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, DELETE");

        assertThat(api.get("/v1/capsules/" + capsule + "/exec").status()).isEqualTo(405);
        assertThat(api.delete("/v1/capsules/" + capsule + "/exec/stream").status()).isEqualTo(405);
    }

    @Test
    void aPlainGetOnAWebSocketPathIsGorillasPlainText400() {
        Shapes.assertPlainText(api.get("/v1/capsules/" + capsule + "/exec/stream"), 400, "Bad Request");
        Shapes.assertPlainText(api.send("GET", "/v1/capsules/" + capsule + "/processes/1/stream", null, null),
                400, "Bad Request");
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
    @ValueSource(strings = {"{}", "{\"cmd\":\"\"}", "{\"cmd\":null}", "{\"args\":[\"x\"]}",
            "{\"cmd\":\"ls\",\"args\":[null]}", "{\"cmd\":\"ls\",\"background\":true,\"envs\":{\"A=B\":\"c\"}}"})
    void missingOrUnusableCommandsAre400(String body) {
        Shapes.assertError(api.post("/v1/capsules/" + capsule + "/exec", body), 400, "invalid_request", null);
        assertThat(emulator.runningProcessCount()).isZero();
    }
}
