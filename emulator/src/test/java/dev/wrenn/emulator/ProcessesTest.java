package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.awaitFile;
import static dev.wrenn.emulator.HostProcesses.awaitGone;
import static dev.wrenn.emulator.HostProcesses.gated;
import static dev.wrenn.emulator.HostProcesses.isRunning;
import static dev.wrenn.emulator.HostProcesses.openGate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ProcessesTest {

    /** Traps SIGTERM (after saying so in a file, so tests never signal before the trap is set). */
    private static final String TRAPS_TERM =
            "trap 'echo got TERM; exit 3' TERM; echo ready > trapped; while :; do sleep 0.05; done";

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
    void theListShowsRunningProcessesAndOmitsEmptyTagAndArgs() throws Exception {
        String id = api.createCapsule();
        JsonNode tagged = api.startBackground(id, "sleep 30", "tag", "web");
        Files.writeString(api.capsuleDir(id).resolve("idle.sh"), "#!/bin/sh\nsleep 30\n");
        api.execShell(id, "chmod +x idle.sh");
        try (StreamClient untagged = StreamClient.connect(emulator, "/v1/capsules/" + id + "/exec/stream", emulator.apiKey())) {
            untagged.send("{\"type\":\"start\",\"cmd\":\"./idle.sh\"}");
            long untaggedPid = untagged.nextJson().get("pid").asLong();

            TestApi.Response listed = api.get("/v1/capsules/" + id + "/processes");

            assertThat(listed.status()).isEqualTo(200);
            Shapes.assertShape(listed.json(), Shapes.PROCESS_LIST);
            listed.json().get("processes").forEach(entry ->
                    Shapes.assertShape(entry, Shapes.PROCESS_ENTRY, Shapes.PROCESS_ENTRY_REQUIRED));
            assertThat(listed.body())
                    .contains("{\"pid\":" + tagged.get("pid").asLong() + ",\"tag\":\"web\",\"cmd\":\"sh\",\"args\":[\"-c\",\"sleep 30\"]}")
                    .contains("{\"pid\":" + untaggedPid + ",\"cmd\":\"./idle.sh\"}")
                    .doesNotContain("null").doesNotContain("\"tag\":\"\"").doesNotContain("\"args\":[]");
        }
    }

    @Test
    void aProcessLeavesTheListOnceItHasExited() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("exit 0")).get("pid").asLong();
        assertThat(api.listedPids(id)).contains(pid);

        openGate(api.capsuleDir(id));

        HostProcesses.await("the process to leave the list", () -> !api.listedPids(id).contains(pid));
    }

    @Test
    void killByPidSendsSigkillAndTheExitCodeIsMinusOne() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, TRAPS_TERM).get("pid").asLong();
        awaitFile(api.capsuleDir(id).resolve("trapped"));
        try (StreamClient stream = attach(id, Long.toString(pid))) {

            TestApi.Response killed = api.delete("/v1/capsules/" + id + "/processes/" + pid);

            assertThat(killed.status()).isEqualTo(204);
            assertThat(killed.body()).isEmpty();
            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.data("stdout")).doesNotContain("got TERM");
            assertThat(rest.last().get("exit_code").asInt()).isEqualTo(-1);
        }
        awaitGone(pid);
        assertThat(api.listedPids(id)).doesNotContain(pid);
    }

    @Test
    void sigtermIsDeliveredOnlyForTheExactString() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, TRAPS_TERM, "tag", "graceful").get("pid").asLong();
        awaitFile(api.capsuleDir(id).resolve("trapped"));
        try (StreamClient stream = attach(id, "graceful")) {

            assertThat(api.delete("/v1/capsules/" + id + "/processes/graceful?signal=SIGTERM").status()).isEqualTo(204);

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.data("stdout")).isEqualTo("got TERM\n");
            assertThat(rest.last().get("exit_code").asInt()).as("the trap's own exit status").isEqualTo(3);
        }
        awaitGone(pid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?signal=SIGINT", "?signal=sigterm", "?signal=TERM", "?signal=15", "?signal=SIGTERM%20",
            "?signal=SIGKILL", "?sig=SIGTERM"})
    void anyOtherSignalValueBecomesSigkill(String query) {
        String id = api.createCapsule();
        long pid = api.startBackground(id, TRAPS_TERM).get("pid").asLong();
        awaitFile(api.capsuleDir(id).resolve("trapped"));
        try (StreamClient stream = attach(id, Long.toString(pid))) {

            assertThat(api.delete("/v1/capsules/" + id + "/processes/" + pid + query).status()).isEqualTo(204);

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.data("stdout")).as("no trap output").isEmpty();
            assertThat(rest.last().get("exit_code").asInt()).isEqualTo(-1);
        }
    }

    @Test
    void tagsAreRoutedAsGoRoutesThem() {
        String id = api.createCapsule();
        String processes = "/v1/capsules/" + id + "/processes/";
        long subDelims = api.startBackground(id, "sleep 30", "tag", "web:1@x,y;z=$&+").get("pid").asLong();
        long spaced = api.startBackground(id, "sleep 30", "tag", "my tag").get("pid").asLong();
        long slashed = api.startBackground(id, "sleep 30", "tag", "a/b").get("pid").asLong();

        assertThat(api.delete(processes + "web:1@x,y;z=$&+").status()).as("RFC 3986 characters left as they are")
                .isEqualTo(204);
        assertThat(api.delete(processes + "my%20tag").status()).as("Go's own escaping is decoded").isEqualTo(204);
        Shapes.assertError(api.delete(processes + "a%2Fb"), 404, "not_found",
                "not_found: kill process: not_found: process with tag a%2Fb not found");

        awaitGone(subDelims);
        awaitGone(spaced);
        assertThat(isRunning(slashed)).as("an escaped slash keeps the path escaped: nothing matches").isTrue();
    }

    @Test
    void theSignalReachesTheDescendantsToo() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 1000 & echo $! > child.pid; wait").get("pid").asLong();
        long child = Long.parseLong(awaitFile(api.capsuleDir(id).resolve("child.pid")));
        assertThat(isRunning(child)).isTrue();

        api.delete("/v1/capsules/" + id + "/processes/" + pid);

        awaitGone(pid);
        awaitGone(child);
    }

    @Test
    void unknownPidsAndTagsAre404WithTheAgentsCodeRelayedTwice() {
        String id = api.createCapsule();
        String processes = "/v1/capsules/" + id + "/processes/";
        String prefix = "not_found: kill process: not_found: ";

        Shapes.assertError(api.delete(processes + "4294967295"), 404, "not_found", prefix + "process with pid 4294967295 not found");
        Shapes.assertError(api.delete(processes + "0042"), 404, "not_found", prefix + "process with pid 42 not found");
        Shapes.assertError(api.delete(processes + "web"), 404, "not_found", prefix + "process with tag web not found");
        Shapes.assertError(api.delete(processes + "4294967296"), 404, "not_found",
                prefix + "process with tag 4294967296 not found");
        Shapes.assertError(api.delete(processes + "-1"), 404, "not_found", prefix + "process with tag -1 not found");
    }

    @Test
    void theListOfAnUnknownCapsuleIs404() {
        Shapes.assertError(api.get("/v1/capsules/cl-" + "2".repeat(25) + "/processes"), 404, "not_found", "sandbox not found");
        Shapes.assertError(api.delete("/v1/capsules/cl-" + "2".repeat(25) + "/processes/1"), 404, "not_found", "sandbox not found");
    }

    @Test
    void exitCodesAreTheProcessesOwn() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("exit 42")).get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            openGate(api.capsuleDir(id));

            assertThat(stream.readToEnd().last().get("exit_code").asInt()).isEqualTo(42);
        }
    }

    @Test
    void aSignalFromOutsideTheEmulatorShowsAs128PlusN() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, TRAPS_TERM.replace("trap 'echo got TERM; exit 3' TERM; ", ""))
                .get("pid").asLong();
        awaitFile(api.capsuleDir(id).resolve("trapped"));
        try (StreamClient stream = attach(id, Long.toString(pid))) {

            assertThat(ProcessHandle.of(pid).orElseThrow().destroy()).isTrue();

            assertThat(stream.readToEnd().last().get("exit_code").asInt()).isEqualTo(128 + 15);
        }
    }

    private static StreamClient attach(String capsuleId, String selector) {
        StreamClient stream = StreamClient.connect(emulator,
                "/v1/capsules/" + capsuleId + "/processes/" + selector + "/stream", emulator.apiKey());
        assertThat(stream.nextJson().get("type").asString()).isEqualTo("start");
        return stream;
    }
}
