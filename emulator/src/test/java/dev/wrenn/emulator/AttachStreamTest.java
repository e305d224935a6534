package dev.wrenn.emulator;

import static dev.wrenn.emulator.HostProcesses.await;
import static dev.wrenn.emulator.HostProcesses.awaitFile;
import static dev.wrenn.emulator.HostProcesses.gated;
import static dev.wrenn.emulator.HostProcesses.isRunning;
import static dev.wrenn.emulator.HostProcesses.openGate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AttachStreamTest {

    private static final Duration AUTH_TIMEOUT = Duration.ofMillis(600);

    private static WrennEmulator emulator;
    private static TestApi api;

    @BeforeAll
    static void start() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).websocketAuthTimeout(AUTH_TIMEOUT).start();
        api = new TestApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void attachSendsStartThenOutputThenExitAndDropsTheConnectionWithoutACloseFrame() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("echo out1; echo err1 >&2; echo out2; exit 5")).get("pid").asLong();

        try (StreamClient stream = attach(id, Long.toString(pid))) {
            assertThat(stream.nextText().raw()).isEqualTo("{\"type\":\"start\",\"pid\":" + pid + "}\n");
            openGate(api.capsuleDir(id));
            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.data("stdout")).isEqualTo("out1\nout2\n");
            assertThat(rest.data("stderr")).isEqualTo("err1\n");
            rest.messages().subList(0, rest.messages().size() - 1).forEach(message -> {
                assertThat(message.propertyNames()).containsExactly("type", "data");
                assertThat(message.get("type").asString()).isIn("stdout", "stderr");
            });
            assertThat(rest.texts().get(rest.texts().size() - 1).raw()).isEqualTo("{\"type\":\"exit\",\"exit_code\":5}\n");
            assertThat(rest.end()).as("no close frame, as upstream").isInstanceOf(StreamClient.Dropped.class);
        }
        await("the server to release the stream", () -> emulator.openStreamCount() == 0);
    }

    @Test
    void aNormalCloseFrameIsSentWhenConfigured() {
        try (WrennEmulator closing = WrennEmulator.builder().startupDelay(Duration.ZERO).closeFrameOnEnd(true).start()) {
            TestApi closingApi = new TestApi(closing);
            String id = closingApi.createCapsule();
            long pid = closingApi.startBackground(id, gated("exit 0")).get("pid").asLong();
            try (StreamClient stream = StreamClient.connect(closing,
                    "/v1/capsules/" + id + "/processes/" + pid + "/stream", closing.apiKey())) {
                stream.nextJson();
                openGate(closingApi.capsuleDir(id));

                StreamClient.Received rest = stream.readToEnd();

                assertThat(rest.last().get("type").asString()).isEqualTo("exit");
                assertThat(rest.end()).isEqualTo(new StreamClient.Closed(1000));
            }
        }
    }

    @Test
    void outputIsDeliveredFromTheMomentOfAttachingWithoutReplay() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "echo before; echo printed > marker; " + gated("echo after")).get("pid").asLong();
        awaitFile(api.capsuleDir(id).resolve("marker"));

        try (StreamClient stream = attach(id, Long.toString(pid))) {
            stream.nextJson();
            openGate(api.capsuleDir(id));

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.data("stdout")).isEqualTo("after\n");
            assertThat(rest.last().get("exit_code").asInt()).isZero();
        }
    }

    @Test
    void everyAttachmentReceivesAllOutput() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("for i in 1 2 3 4 5; do echo line $i; done; exit 9"), "tag", "shared")
                .get("pid").asLong();

        try (StreamClient byPid = attach(id, Long.toString(pid)); StreamClient byTag = attach(id, "shared")) {
            assertThat(byPid.nextJson().get("pid").asLong()).isEqualTo(pid);
            assertThat(byTag.nextJson().get("pid").asLong()).isEqualTo(pid);
            openGate(api.capsuleDir(id));

            for (StreamClient stream : List.of(byPid, byTag)) {
                StreamClient.Received rest = stream.readToEnd();
                assertThat(rest.data("stdout")).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
                assertThat(rest.last().get("exit_code").asInt()).isEqualTo(9);
            }
        }
    }

    @Test
    void closingTheSocketDetachesWithoutKillingTheProcess() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();
        int before = emulator.openStreamCount();

        StreamClient polite = attach(id, Long.toString(pid));
        polite.nextJson();
        StreamClient abrupt = attach(id, Long.toString(pid));
        abrupt.nextJson();
        assertThat(emulator.openStreamCount()).isEqualTo(before + 2);

        polite.closeNormally();
        assertThat(polite.nextEvent()).as("the server answers the close").isEqualTo(new StreamClient.Closed(1000));
        polite.close();
        abrupt.abort();

        await("the server to see both closes", () -> emulator.openStreamCount() == before);
        assertThat(isRunning(pid)).isTrue();
        assertThat(api.listedPids(id)).contains(pid);
    }

    @Test
    void unknownAndPausedCapsulesGetAnErrorFrameThenTheClose() {
        assertErrorFrame("/v1/capsules/cl-" + "3".repeat(25) + "/processes/1/stream", emulator.apiKey(),
                "sandbox not found");

        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();
        api.post("/v1/capsules/" + id + "/pause", null);
        assertErrorFrame("/v1/capsules/" + id + "/processes/" + pid + "/stream", emulator.apiKey(),
                "sandbox is not running (status: paused)");
    }

    @Test
    void attachingToAnUnknownPidOrTagClosesWithoutAnyFrame() {
        String id = api.createCapsule();
        api.startBackground(id, "sleep 30", "tag", "other");

        for (String selector : List.of("4242", "web")) {
            try (StreamClient stream = attach(id, selector)) {
                StreamClient.Received received = stream.readToEnd();

                assertThat(received.texts()).as("no start, no exit, no error").isEmpty();
                assertThat(received.end()).isInstanceOf(StreamClient.Dropped.class);
            }
        }
    }

    @Test
    void everyMessageEndsWithANewlineAndLongOnesArriveAsATextFramePlusContinuationsOf4KiB() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("head -c 100000 /dev/zero | tr '\\0' a")).get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            StreamClient.Text start = stream.nextText();
            openGate(api.capsuleDir(id));
            StreamClient.Received rest = stream.readToEnd();

            List<StreamClient.Text> all = new java.util.ArrayList<>(rest.texts());
            all.add(0, start);
            assertThat(all).allSatisfy(text -> assertThat(text.raw()).endsWith("}\n"));
            assertThat(start.framePayloads()).hasSize(1);
            assertThat(rest.data("stdout")).hasSize(100_000);
            List<StreamClient.Text> large = all.stream()
                    .filter(text -> text.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096).toList();
            assertThat(large).as("at least one message longer than 4 KiB").isNotEmpty().allSatisfy(text -> {
                List<Integer> frames = text.framePayloads();
                int length = text.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                assertThat(frames).hasSize((length + 4095) / 4096);
                assertThat(frames.subList(0, frames.size() - 1)).allSatisfy(size -> assertThat(size).isEqualTo(4096));
                assertThat(frames.stream().mapToInt(Integer::intValue).sum()).isEqualTo(length);
            });
        }
    }

    @Test
    void aMissingOrWrongKeyStillUpgradesThenFailsAfterTheAuthWait() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();
        String path = "/v1/capsules/" + id + "/processes/" + pid + "/stream";

        for (String key : new String[]{null, "wrn_" + "f".repeat(32)}) {
            long started = System.nanoTime();
            assertErrorFrame(path, key, "authentication failed");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(AUTH_TIMEOUT.minusMillis(50));
        }
        assertThat(isRunning(pid)).isTrue();
    }

    @Test
    void anInBandAuthMessageFailsAtOnceWhateverTheToken() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();

        try (StreamClient stream = StreamClient.connect(emulator,
                "/v1/capsules/" + id + "/processes/" + pid + "/stream", null)) {
            long started = System.nanoTime();
            stream.send(TestApi.json("type", "auth", "token", emulator.apiKey()));

            StreamClient.Received received = stream.readToEnd();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AUTH_TIMEOUT);
            assertThat(received.texts()).extracting(StreamClient.Text::raw)
                    .containsExactly("{\"type\":\"error\",\"data\":\"authentication failed\"}\n");
            assertThat(received.end()).isInstanceOf(StreamClient.Dropped.class);
        }
    }

    @Test
    void destroyingTheCapsuleEndsAttachedStreamsWithSandboxNotFound() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, "sleep 30").get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            stream.nextJson();

            assertThat(api.delete("/v1/capsules/" + id).status()).isEqualTo(204);

            StreamClient.Received rest = stream.readToEnd();
            assertThat(rest.texts()).extracting(StreamClient.Text::raw)
                    .containsExactly("{\"type\":\"error\",\"data\":\"sandbox not found\"}\n");
            assertThat(rest.end()).isInstanceOf(StreamClient.Dropped.class);
        }
        HostProcesses.awaitGone(pid);
    }

    @Test
    void dataIsEscapedLikeGoAndInvalidUtf8BecomesReplacementCharacters() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("printf '<a&b>\\342\\200\\250\\342\\200\\251\\377'")).get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            stream.nextJson();
            openGate(api.capsuleDir(id));

            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.texts().get(0).raw())
                    .isEqualTo("{\"type\":\"stdout\",\"data\":\"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\ufffd\"}\n");
        }
    }

    @Test
    void aCharacterSplitAcrossChunksBecomesReplacementCharacters() {
        String id = api.createCapsule();
        // The euro sign (3 bytes) written in two parts, so the reader sees two chunks.
        long pid = api.startBackground(id, gated("printf '\\342\\202'; sleep 0.3; printf '\\254'")).get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            stream.nextJson();
            openGate(api.capsuleDir(id));

            StreamClient.Received rest = stream.readToEnd();

            assertThat(rest.data("stdout")).isEqualTo("\uFFFD\uFFFD\uFFFD").doesNotContain("€");
        }
    }

    @Test
    void outputComesInChunksOfAtMost32KiB() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("head -c 200000 /dev/zero | tr '\\0' a")).get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            stream.nextJson();
            openGate(api.capsuleDir(id));

            StreamClient.Received rest = stream.readToEnd();

            List<JsonNode> chunks = rest.messages().stream().filter(m -> m.get("type").asString().equals("stdout")).toList();
            assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.get("data").asString().length()).isLessThanOrEqualTo(32 * 1024));
            assertThat(rest.data("stdout")).hasSize(200_000).matches("a+");
        }
    }

    @Test
    void theExitIsNotHeldUpByALeftoverChildThatKeepsThePipesOpen() {
        String id = api.createCapsule();
        long pid = api.startBackground(id, gated("sleep 30 & echo $! > orphan.pid; exit 2")).get("pid").asLong();
        try (StreamClient stream = attach(id, Long.toString(pid))) {
            stream.nextJson();
            openGate(api.capsuleDir(id));
            long orphan = Long.parseLong(awaitFile(api.capsuleDir(id).resolve("orphan.pid")));
            try {
                long started = System.nanoTime();

                StreamClient.Received rest = stream.readToEnd();

                assertThat(rest.last().get("exit_code").asInt()).isEqualTo(2);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            } finally {
                // Re-parented once its shell exited: out of the emulator's reach, as documented.
                ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static StreamClient attach(String capsuleId, String selector) {
        return StreamClient.connect(emulator, "/v1/capsules/" + capsuleId + "/processes/" + selector + "/stream",
                emulator.apiKey());
    }

    private static void assertErrorFrame(String path, String apiKey, String message) {
        try (StreamClient stream = StreamClient.connect(emulator, path, apiKey)) {
            StreamClient.Received received = stream.readToEnd();
            assertThat(received.texts()).extracting(StreamClient.Text::raw)
                    .containsExactly(TestApi.json("type", "error", "data", message) + "\n");
            assertThat(received.end()).as("no close frame").isInstanceOf(StreamClient.Dropped.class);
        }
    }
}
