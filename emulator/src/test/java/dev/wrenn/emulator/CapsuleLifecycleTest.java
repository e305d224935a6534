package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static dev.wrenn.emulator.HostProcesses.awaitGone;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CapsuleLifecycleTest {

    private static final Duration STARTUP = Duration.ofMillis(400);

    private static WrennEmulator emulator;
    private static TestApi api;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void createIsSynchronousAndAnswers201WithARunningCapsuleAndTheDefaults() {
        TestApi.Response created = api.post("/v1/capsules", "{}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        assertThat(created.body()).endsWith("}\n");
        JsonNode capsule = created.json();
        Shapes.assertCapsule(capsule);
        assertThat(capsule.get("id").asString()).matches("cl-[0-9a-f][0-9a-z]{24}");
        assertThat(capsule.get("status").asString()).isEqualTo("running");
        assertThat(capsule.get("template").asString()).isEqualTo("minimal");
        assertThat(capsule.get("vcpus").asInt()).isEqualTo(1);
        assertThat(capsule.get("memory_mb").asInt()).isEqualTo(512);
        assertThat(capsule.get("timeout_sec").asInt()).isZero();
        assertThat(capsule.propertyNames()).contains("started_at", "last_active_at", "host_ip", "metadata");
        assertThat(Files.isDirectory(api.capsuleDir(capsule.get("id").asString()))).isTrue();
    }

    @Test
    void createNeedsAJsonBody() {
        for (String body : new String[]{null, ""}) {
            Shapes.assertError(api.send("POST", "/v1/capsules", body, emulator.apiKey()), 400, "invalid_request",
                    "invalid JSON body");
        }
        Shapes.assertError(api.post("/v1/capsules", "{\"template\":"), 400, "invalid_request", "invalid JSON body");
        Shapes.assertError(api.post("/v1/capsules", "{\"vcpus\":\"two\"}"), 400, "invalid_request", null);
        Shapes.assertError(api.post("/v1/capsules", "{\"vcpus\":-1}"), 400, "invalid_request", null);
    }

    @Test
    void createTakesCustomSettings() {
        JsonNode custom = api.post("/v1/capsules",
                TestApi.json("template", "minimal", "vcpus", 2, "memory_mb", 1024, "timeout_sec", 60)).json();

        assertThat(custom.get("vcpus").asInt()).isEqualTo(2);
        assertThat(custom.get("memory_mb").asInt()).isEqualTo(1024);
        assertThat(custom.get("timeout_sec").asInt()).isEqualTo(60);
    }

    @Test
    void anUnknownTemplateIs404() {
        Shapes.assertError(api.post("/v1/capsules", TestApi.json("template", "python")), 404, "not_found",
                "resource not found");
    }

    @Test
    void withAStartupDelayStatusGoesFromPendingThroughStartingToRunning() {
        try (WrennEmulator delayed = WrennEmulator.builder().startupDelay(STARTUP).start()) {
            TestApi delayedApi = new TestApi(delayed);
            JsonNode created = delayedApi.post("/v1/capsules", "{}").json();
            assertThat(created.get("status").asString()).isEqualTo("pending");
            assertThat(created.has("started_at")).as("omitted until set").isFalse();
            assertThat(created.has("last_active_at")).as("omitted until set").isFalse();
            String id = created.get("id").asString();
            Shapes.assertError(delayedApi.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}"),
                    409, "invalid_state", "sandbox is not running (status: pending)");
            Shapes.assertError(delayedApi.post("/v1/capsules/" + id + "/pause", null),
                    409, "invalid_state", "resource is not running");

            List<String> seen = new ArrayList<>(List.of("pending"));
            JsonNode[] running = new JsonNode[1];
            await("the capsule to run", () -> {
                JsonNode capsule = delayedApi.get("/v1/capsules/" + id).json();
                String status = capsule.get("status").asString();
                if (!status.equals(seen.get(seen.size() - 1))) {
                    seen.add(status);
                }
                running[0] = capsule;
                return status.equals("running");
            });

            assertThat(seen).containsExactly("pending", "starting", "running");
            Shapes.assertCapsule(running[0]);
            assertThat(running[0].has("started_at")).isTrue();
        }
    }

    @Test
    void theListIsNewestFirstAndHidesStoppedCapsules() {
        String first = api.createCapsule();
        String second = api.createCapsule();
        String destroyed = api.createCapsule();
        api.delete("/v1/capsules/" + destroyed);

        TestApi.Response listed = api.get("/v1/capsules");

        assertThat(listed.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        listed.json().forEach(capsule -> {
            Shapes.assertCapsule(capsule);
            ids.add(capsule.get("id").asString());
        });
        assertThat(ids).contains(first, second).doesNotContain(destroyed);
        assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first));
    }

    @Test
    void lifecycleRoutesSayResourceNotFoundAndProcessRoutesSandboxNotFound() {
        String unknown = "/v1/capsules/cl-" + "0".repeat(25);
        Shapes.assertError(api.get(unknown), 404, "not_found", "resource not found");
        Shapes.assertError(api.delete(unknown), 404, "not_found", "resource not found");
        Shapes.assertError(api.post(unknown + "/pause", null), 404, "not_found", "resource not found");
        Shapes.assertError(api.post(unknown + "/resume", null), 404, "not_found", "resource not found");
        Shapes.assertError(api.post(unknown + "/ping", null), 404, "not_found", "resource not found");
        Shapes.assertError(api.post(unknown + "/exec", "{\"cmd\":\"true\"}"), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.get(unknown + "/processes"), 404, "not_found", "sandbox not found");
    }

    @Test
    void destroyLeavesAStoppedRecordAndKillsTheProcesses() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();

        TestApi.Response destroyed = api.delete("/v1/capsules/" + id);

        assertThat(destroyed.status()).isEqualTo(204);
        assertThat(destroyed.body()).isEmpty();
        TestApi.Response got = api.get("/v1/capsules/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("status").asString()).isEqualTo("stopped");
        assertThat(api.delete("/v1/capsules/" + id).status()).as("a second destroy").isEqualTo(204);
        String notRunning = "sandbox is not running (status: stopped)";
        Shapes.assertError(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.get("/v1/capsules/" + id + "/processes"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.post("/v1/capsules/" + id + "/pause", null), 409, "invalid_state", "resource is not running");
        awaitGone(pid);
        await("the capsule directory to be removed", () -> !Files.exists(api.capsuleDir(id)));
    }

    @Test
    void destroyClosesAttachmentsWithoutAFrameAndAnInFlightExecGets502() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();
        CompletableFuture<TestApi.Response> foreground = api.postAsync("/v1/capsules/" + id + "/exec",
                TestApi.json("cmd", "sleep", "args", List.of("30")));
        await("the foreground process to be listed", () -> api.listedPids(id).size() == 2);
        try (StreamClient stream = StreamClient.connect(emulator,
                "/v1/capsules/" + id + "/processes/" + pid + "/stream", emulator.apiKey())) {
            stream.nextJson();

            assertThat(api.delete("/v1/capsules/" + id).status()).isEqualTo(204);

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.texts()).as("no exit, no error").isEmpty();
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
        Shapes.assertError(foreground.join(), 502, "agent_error", null);
        awaitGone(pid);
    }

    @Test
    void pauseClosesAttachmentsWithoutAFrameAndTheProcessCanBeAttachedAgainAfterResume() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();
        String path = "/v1/capsules/" + id + "/processes/" + pid + "/stream";
        try (StreamClient stream = StreamClient.connect(emulator, path, emulator.apiKey())) {
            stream.nextJson();

            assertThat(api.post("/v1/capsules/" + id + "/pause", null).status()).isEqualTo(200);

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.texts()).isEmpty();
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
        assertThat(api.post("/v1/capsules/" + id + "/resume", null).status()).isEqualTo(200);
        try (StreamClient again = StreamClient.connect(emulator, path, emulator.apiKey())) {
            assertThat(again.nextJson().get("pid").asLong()).isEqualTo(pid);
        }
    }

    @Test
    void pauseAndResumeChangeStatusAndGuardProcessCalls() {
        String id = api.createCapsule();

        TestApi.Response paused = api.post("/v1/capsules/" + id + "/pause", null);
        assertThat(paused.status()).isEqualTo(200);
        Shapes.assertCapsule(paused.json());
        assertThat(paused.json().get("status").asString()).isEqualTo("paused");

        String notRunning = "sandbox is not running (status: paused)";
        Shapes.assertError(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.get("/v1/capsules/" + id + "/processes"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.delete("/v1/capsules/" + id + "/processes/1"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.post("/v1/capsules/" + id + "/pause", null), 409, "invalid_state", "resource is not running");
        Shapes.assertError(api.post("/v1/capsules/" + id + "/ping", null), 409, "invalid_state", "resource is not running");

        TestApi.Response resumed = api.post("/v1/capsules/" + id + "/resume", null);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("status").asString()).isEqualTo("running");
        Shapes.assertError(api.post("/v1/capsules/" + id + "/resume", null), 409, "invalid_state", "resource is not paused");
        assertThat(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}").status()).isEqualTo(200);
    }

    @Test
    void pingAnswers204() {
        String id = api.createCapsule();

        TestApi.Response pinged = api.post("/v1/capsules/" + id + "/ping", null);

        assertThat(pinged.status()).isEqualTo(204);
        assertThat(pinged.body()).isEmpty();
    }
}
