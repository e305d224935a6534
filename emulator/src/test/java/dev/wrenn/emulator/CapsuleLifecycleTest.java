package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        emulator = WrennEmulator.builder().startupDelay(STARTUP).start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void createAnswers201WithAPendingCapsuleAndTheDefaults() {
        TestApi.Response created = api.post("/v1/capsules", "{}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode capsule = created.json();
        Shapes.assertShape(capsule, Shapes.CAPSULE);
        assertThat(capsule.get("id").asString()).matches("cl-[0-9a-z]{25}");
        assertThat(capsule.get("status").asString()).isEqualTo("pending");
        assertThat(capsule.get("template").asString()).isEqualTo("minimal");
        assertThat(capsule.get("vcpus").asInt()).isEqualTo(1);
        assertThat(capsule.get("memory_mb").asInt()).isEqualTo(512);
        assertThat(capsule.get("timeout_sec").asInt()).isZero();
        assertThat(capsule.get("started_at").isNull()).isTrue();
        assertThat(Files.isDirectory(api.capsuleDir(capsule.get("id").asString()))).isTrue();
    }

    @Test
    void createTakesNoBodyOrCustomSettings() {
        TestApi.Response noBody = api.send("POST", "/v1/capsules", null, emulator.apiKey());
        assertThat(noBody.status()).isEqualTo(201);
        assertThat(noBody.json().get("template").asString()).isEqualTo("minimal");

        JsonNode custom = api.post("/v1/capsules",
                TestApi.json("template", "python", "vcpus", 2, "memory_mb", 1024, "timeout_sec", 60)).json();
        assertThat(custom.get("template").asString()).isEqualTo("python");
        assertThat(custom.get("vcpus").asInt()).isEqualTo(2);
        assertThat(custom.get("memory_mb").asInt()).isEqualTo(1024);
        assertThat(custom.get("timeout_sec").asInt()).isEqualTo(60);
    }

    @Test
    void createRejectsInvalidBodies() {
        Shapes.assertError(api.post("/v1/capsules", "{\"template\":"), 400, "invalid_request", null);
        Shapes.assertError(api.post("/v1/capsules", "{\"vcpus\":-1}"), 400, "invalid_request", null);
        Shapes.assertError(api.post("/v1/capsules", "{\"vcpus\":\"two\"}"), 400, "invalid_request", null);
    }

    @Test
    void statusGoesFromPendingThroughStartingToRunningAfterTheStartupDelay() {
        Instant before = Instant.now();
        String id = api.post("/v1/capsules", "{}").json().get("id").asString();
        List<String> seen = new ArrayList<>(List.of("pending"));
        JsonNode[] running = new JsonNode[1];
        await("the capsule to run", () -> {
            JsonNode capsule = api.get("/v1/capsules/" + id).json();
            String status = capsule.get("status").asString();
            if (!status.equals(seen.get(seen.size() - 1))) {
                seen.add(status);
            }
            running[0] = capsule;
            return status.equals("running");
        });

        assertThat(seen).containsExactly("pending", "starting", "running");
        Instant startedAt = Instant.parse(running[0].get("started_at").asString());
        assertThat(Duration.between(before, startedAt)).isGreaterThanOrEqualTo(STARTUP.minusMillis(50));
        Shapes.assertShape(running[0], Shapes.CAPSULE);
    }

    @Test
    void processCallsOnACapsuleThatIsNotRunningYetGet409() {
        String id = api.post("/v1/capsules", "{}").json().get("id").asString();

        Shapes.assertError(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}"),
                409, "invalid_state", "sandbox is not running (status: pending)");
        Shapes.assertError(api.post("/v1/capsules/" + id + "/pause", null),
                409, "invalid_state", "sandbox is not running (status: pending)");
    }

    @Test
    void listAndGetReturnCapsules() {
        String first = api.post("/v1/capsules", "{}").json().get("id").asString();
        String second = api.post("/v1/capsules", "{}").json().get("id").asString();

        TestApi.Response listed = api.get("/v1/capsules");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        listed.json().forEach(capsule -> {
            Shapes.assertShape(capsule, Shapes.CAPSULE);
            ids.add(capsule.get("id").asString());
        });
        assertThat(ids).contains(first, second);
        assertThat(ids.indexOf(first)).isLessThan(ids.indexOf(second));

        TestApi.Response got = api.get("/v1/capsules/" + first);
        assertThat(got.status()).isEqualTo(200);
        Shapes.assertShape(got.json(), Shapes.CAPSULE);
        assertThat(got.json().get("id").asString()).isEqualTo(first);
    }

    @Test
    void unknownCapsuleIs404() {
        String unknown = "cl-" + "0".repeat(25);
        Shapes.assertError(api.get("/v1/capsules/" + unknown), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.delete("/v1/capsules/" + unknown), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.post("/v1/capsules/" + unknown + "/pause", null), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.post("/v1/capsules/" + unknown + "/resume", null), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.post("/v1/capsules/" + unknown + "/ping", null), 404, "not_found", "sandbox not found");
    }

    @Test
    void destroyAnswers204AndTheCapsuleIsGone() {
        String id = api.post("/v1/capsules", "{}").json().get("id").asString();

        TestApi.Response destroyed = api.delete("/v1/capsules/" + id);

        assertThat(destroyed.status()).isEqualTo(204);
        assertThat(destroyed.body()).isEmpty();
        Shapes.assertError(api.get("/v1/capsules/" + id), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.delete("/v1/capsules/" + id), 404, "not_found", "sandbox not found");
        await("the capsule directory to be removed", () -> !Files.exists(api.capsuleDir(id)));
    }

    @Test
    void pauseAndResumeChangeStatusAndGuardProcessCalls() {
        String id = api.createRunningCapsule();

        TestApi.Response paused = api.post("/v1/capsules/" + id + "/pause", null);
        assertThat(paused.status()).isEqualTo(200);
        Shapes.assertShape(paused.json(), Shapes.CAPSULE);
        assertThat(paused.json().get("status").asString()).isEqualTo("paused");

        String notRunning = "sandbox is not running (status: paused)";
        Shapes.assertError(api.post("/v1/capsules/" + id + "/pause", null), 409, "invalid_state", notRunning);
        Shapes.assertError(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.get("/v1/capsules/" + id + "/processes"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.delete("/v1/capsules/" + id + "/processes/1"), 409, "invalid_state", notRunning);
        Shapes.assertError(api.post("/v1/capsules/" + id + "/ping", null), 409, "invalid_state", notRunning);

        TestApi.Response resumed = api.post("/v1/capsules/" + id + "/resume", null);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("status").asString()).isEqualTo("running");
        Shapes.assertError(api.post("/v1/capsules/" + id + "/resume", null),
                409, "invalid_state", "sandbox is not paused (status: running)");
        assertThat(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}").status()).isEqualTo(200);
    }

    @Test
    void pingAnswers204AndMovesLastActiveAt() {
        String id = api.createRunningCapsule();
        Instant before = Instant.parse(api.get("/v1/capsules/" + id).json().get("last_active_at").asString());

        TestApi.Response pinged = api.post("/v1/capsules/" + id + "/ping", null);

        assertThat(pinged.status()).isEqualTo(204);
        assertThat(pinged.body()).isEmpty();
        Instant after = Instant.parse(api.get("/v1/capsules/" + id).json().get("last_active_at").asString());
        assertThat(after).isAfter(before);
    }
}
