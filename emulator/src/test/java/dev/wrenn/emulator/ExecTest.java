package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.awaitFile;
import static dev.wrenn.emulator.HostProcesses.awaitGone;
import static dev.wrenn.emulator.HostProcesses.isRunning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ExecTest {

    private static WrennEmulator emulator;
    private static TestApi api;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aCapsuleIsRunningAtOnceWithAZeroStartupDelay() {
        JsonNode created = api.post("/v1/capsules", "{}").json();

        assertThat(created.get("status").asString()).isEqualTo("running");
        assertThat(created.get("started_at").isNull()).isFalse();
    }

    @Test
    void foregroundExecAnswersWithUtf8OutputAndTheExitCode() {
        String id = api.createCapsule();

        TestApi.Response response = api.execShell(id, "printf 'héllo <&>'; printf 'oops' >&2; exit 7");

        assertThat(response.status()).isEqualTo(200);
        JsonNode result = response.json();
        Shapes.assertShape(result, Shapes.EXEC_RESPONSE);
        assertThat(result.get("sandbox_id").asString()).isEqualTo(id);
        assertThat(result.get("cmd").asString()).isEqualTo("sh");
        assertThat(result.get("stdout").asString()).isEqualTo("héllo <&>");
        assertThat(result.get("stderr").asString()).isEqualTo("oops");
        assertThat(result.get("exit_code").asInt()).isEqualTo(7);
        assertThat(result.get("encoding").asString()).isEqualTo("utf-8");
        assertThat(result.get("duration_ms").asLong()).isNotNegative();
        assertThat(response.body()).as("escaped like Go").contains("h\u00e9llo \\u003c\\u0026\\u003e");
    }

    @Test
    void binaryOutputMakesBothStreamsBase64() {
        String id = api.createCapsule();

        JsonNode result = api.execShell(id, "printf '\\377\\376'; printf 'plain' >&2").json();

        assertThat(result.get("encoding").asString()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(result.get("stdout").asString())).containsExactly(0xFF, 0xFE);
        assertThat(new String(Base64.getDecoder().decode(result.get("stderr").asString()), StandardCharsets.UTF_8))
                .isEqualTo("plain");
        assertThat(result.get("exit_code").asInt()).isZero();
    }

    @Test
    void argumentsReachTheProgramVerbatim() {
        String id = api.createCapsule();

        JsonNode result = api.post("/v1/capsules/" + id + "/exec",
                TestApi.json("cmd", "printf", "args", List.of("%s|", "a b", "$HOME", "*", "'q'"))).json();

        assertThat(result.get("stdout").asString()).isEqualTo("a b|$HOME|*|'q'|");
    }

    @Test
    void anUnknownProgramExitsWith127AsUnderUpstreamsShellWrapper() {
        String id = api.createCapsule();

        JsonNode result = api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"no-such-program-wrenn\"}").json();

        assertThat(result.get("exit_code").asInt()).isEqualTo(127);
        assertThat(result.get("stderr").asString()).contains("no-such-program-wrenn").contains("not found");
    }

    @Test
    void foregroundRunsInTheCapsuleDirectoryAndIgnoresEnvsAndCwd() throws Exception {
        String id = api.createCapsule();

        JsonNode result = api.post("/v1/capsules/" + id + "/exec", TestApi.json("cmd", "sh",
                "args", List.of("-c", "pwd; echo \"[$WRENN_TEST_VAR]\""),
                "cwd", "/app", "envs", Map.of("WRENN_TEST_VAR", "set"))).json();

        assertThat(result.get("stdout").asString())
                .isEqualTo(api.capsuleDir(id).toRealPath() + "\n[]\n");
    }

    @Test
    void pastTheTimeoutTheAnswerIs502AgentErrorAndTheProcessRunsOnUntilItEnds() {
        String id = api.createCapsule();

        TestApi.Response response = api.post("/v1/capsules/" + id + "/exec", TestApi.json("cmd", "sh",
                "args", List.of("-c", HostProcesses.gated("exit 0")), "timeout_sec", 1));

        Shapes.assertError(response, 502, "agent_error",
                "internal: exec: stream error: deadline_exceeded: context deadline exceeded");
        List<Long> listed = api.listedPids(id);
        assertThat(listed).hasSize(1);
        assertThat(isRunning(listed.get(0))).isTrue();
        HostProcesses.openGate(api.capsuleDir(id));
        awaitGone(listed.get(0));
        HostProcesses.await("the process to leave the list", () -> api.listedPids(id).isEmpty());
    }

    @Test
    void aForegroundProcessIsListedWhileItRuns() {
        String id = api.createCapsule();
        java.util.concurrent.CompletableFuture<TestApi.Response> running = api.postAsync("/v1/capsules/" + id + "/exec",
                TestApi.json("cmd", "sh", "args", List.of("-c", HostProcesses.gated("echo done"))));

        HostProcesses.await("the foreground process to be listed", () -> api.listedPids(id).size() == 1);
        TestApi.Response listed = api.get("/v1/capsules/" + id + "/processes");
        assertThat(listed.json().get("processes").get(0).get("cmd").asString()).isEqualTo("sh");
        HostProcesses.openGate(api.capsuleDir(id));

        assertThat(running.join().json().get("stdout").asString()).isEqualTo("done\n");
    }

    @Test
    void backgroundExecAnswers202WithThePidAndADefaultTag() {
        String id = api.createCapsule();

        TestApi.Response response = api.post("/v1/capsules/" + id + "/exec",
                TestApi.json("cmd", "sleep", "args", List.of("30"), "background", true));

        assertThat(response.status()).isEqualTo(202);
        JsonNode started = response.json();
        Shapes.assertShape(started, Shapes.BACKGROUND_EXEC_RESPONSE);
        assertThat(started.get("sandbox_id").asString()).isEqualTo(id);
        assertThat(started.get("cmd").asString()).isEqualTo("sleep");
        assertThat(started.get("tag").asString()).matches("proc-[0-9a-f]{8}");
        long pid = started.get("pid").asLong();
        assertThat(isRunning(pid)).as("a real host process").isTrue();
        HostProcesses.await("the wrapper shell to exec the program itself, keeping the PID",
                () -> ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("").endsWith("sleep"));
        assertThat(api.listedPids(id)).contains(pid);
    }

    @Test
    void backgroundExecHonoursEnvsAndCwd() throws Exception {
        String id = api.createCapsule();
        String script = "pwd > out.txt; echo \"$GREETING $OTHER\" >> out.txt";

        api.startBackground(id, script, "cwd", "/app/sub", "envs", Map.of("GREETING", "hello", "OTHER", "<&>"));
        api.startBackground(id, script, "cwd", "relative");
        api.startBackground(id, script, "cwd", "/../../..");

        Path capsuleDir = api.capsuleDir(id).toRealPath();
        assertThat(awaitFile(capsuleDir.resolve("app/sub/out.txt"))).isEqualTo(capsuleDir.resolve("app/sub") + "\nhello <&>");
        assertThat(awaitFile(capsuleDir.resolve("relative/out.txt"))).startsWith(capsuleDir.resolve("relative").toString());
        assertThat(awaitFile(capsuleDir.resolve("out.txt"))).as("cannot climb out of the capsule")
                .startsWith(capsuleDir.toString());
    }

    @Test
    void aTagInUseByARunningProcessIsAConflictUntilItExits() {
        String id = api.createCapsule();
        JsonNode first = api.startBackground(id, "sleep 30", "tag", "web");
        assertThat(first.get("tag").asString()).isEqualTo("web");

        Shapes.assertError(api.post("/v1/capsules/" + id + "/exec",
                TestApi.json("cmd", "sleep", "args", List.of("30"), "background", true, "tag", "web")), 409, "conflict", null);

        assertThat(api.delete("/v1/capsules/" + id + "/processes/web").status()).isEqualTo(204);
        HostProcesses.await("the tag to be free", () -> !api.listedPids(id).contains(first.get("pid").asLong()));
        assertThat(api.startBackground(id, "sleep 30", "tag", "web").get("tag").asString()).isEqualTo("web");
    }

    @Test
    void execOnAnUnknownCapsuleIs404AndOnAPausedOneIs409() {
        Shapes.assertError(api.post("/v1/capsules/cl-" + "1".repeat(25) + "/exec", "{\"cmd\":\"true\"}"),
                404, "not_found", "sandbox not found");

        String id = api.createCapsule();
        api.post("/v1/capsules/" + id + "/pause", null);
        Shapes.assertError(api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\",\"background\":true}"),
                409, "invalid_state", "sandbox is not running (status: paused)");
    }

    @Test
    void aForegroundExecWhoseCapsuleIsDestroyedAnswers404() {
        String id = api.createCapsule();
        java.util.concurrent.CompletableFuture<TestApi.Response> running =
                api.postAsync("/v1/capsules/" + id + "/exec", TestApi.json("cmd", "sleep", "args", List.of("30")));
        HostProcesses.await("the foreground process to be listed", () -> api.listedPids(id).size() == 1);
        long pid = api.listedPids(id).get(0);

        assertThat(api.delete("/v1/capsules/" + id).status()).isEqualTo(204);

        Shapes.assertError(running.join(), 404, "not_found", "sandbox not found");
        awaitGone(pid);
    }

    @Test
    void execMovesLastActiveAt() {
        String id = api.createCapsule();
        String before = api.get("/v1/capsules/" + id).json().get("last_active_at").asString();

        api.post("/v1/capsules/" + id + "/exec", "{\"cmd\":\"true\"}");

        String after = api.get("/v1/capsules/" + id).json().get("last_active_at").asString();
        assertThat(java.time.Instant.parse(after)).isAfter(java.time.Instant.parse(before));
    }
}
