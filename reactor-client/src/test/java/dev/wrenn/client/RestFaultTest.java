package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** REST calls against a scripted server: error mapping, path encoding, retries. */
class RestFaultTest {

    private static final String PROCESSES = "{\"processes\":[{\"pid\":42,\"tag\":\"bg-a1b2c3d4\",\"cmd\":\"python\","
            + "\"args\":[\"-u\",\"server.py\"]},{\"pid\":7,\"cmd\":\"/usr/sbin/sshd\",\"args\":[\"-D\"]},{\"pid\":9,\"cmd\":\"init\"}]}";

    @Test
    void listsProcessesWithAbsentTagAndArgsNormalised() {
        try (FaultServer server = FaultServer.respond(200, "application/json", PROCESSES)) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).list())
                    .expectNext(new ProcessInfo(42, "bg-a1b2c3d4", "python", List.of("-u", "server.py")))
                    .expectNext(new ProcessInfo(7, "", "/usr/sbin/sshd", List.of("-D")))
                    .expectNext(new ProcessInfo(9, "", "init", List.of()))
                    .verifyComplete();
            assertThat(server.requestLines).containsExactly("GET /api/v1/capsules/" + TestKeys.CAPSULE + "/processes");
            assertThat(server.apiKeys).containsExactly(TestKeys.API_KEY);
        }
    }

    @Test
    void jsonErrorsBecomeTypedExceptionsWithStatusCodeAndMessage() {
        assertError(404, "not_found", "sandbox not found", NotFoundException.class);
        assertError(409, "invalid_state", "sandbox is not running (status: paused)", InvalidStateException.class);
        assertError(409, "conflict", "tag in use", ConflictException.class);
        assertError(400, "invalid_request", "invalid sandbox ID", InvalidRequestException.class);
        assertError(401, "unauthorized", "invalid API key", AuthenticationException.class);
        assertError(403, "account_deactivated", "account deactivated", AuthenticationException.class);
        assertError(503, "host_unavailable", "no host", ServerException.class);
        assertError(500, "internal_error", "boom", ServerException.class);
    }

    private static void assertError(int status, String code, String message, Class<? extends WrennException> type) {
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
        try (FaultServer server = FaultServer.respond(status, "application/json", body)) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).list())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(type);
                        WrennException w = (WrennException) e;
                        assertThat(w.status()).isEqualTo(status);
                        assertThat(w.errorCode()).isEqualTo(code);
                        assertThat(w.serverMessage()).isEqualTo(message);
                        assertThat(w.getMessage()).contains(message).doesNotContain(TestKeys.API_KEY);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void nonJsonErrorBodyStillBecomesATypedErrorWithItsStatus() {
        try (FaultServer server = FaultServer.respond(502, "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")) {
            StepVerifier.create(server.client().capsules().get(TestKeys.CAPSULE))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(ServerException.class);
                        assertThat(((WrennException) e).status()).isEqualTo(502);
                        assertThat(((WrennException) e).errorCode()).isNull();
                        assertThat(e.getMessage()).contains("502").contains("Bad Gateway");
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void unparseableSuccessBodyIsAProtocolError() {
        try (FaultServer server = FaultServer.respond(200, "application/json", "[not json")) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).list())
                    .expectError(WrennProtocolException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void oversizedResponseBodyIsRefused() {
        String huge = "{\"processes\":[" + "{\"pid\":1,\"cmd\":\"x\"},".repeat(100_000) + "{\"pid\":1,\"cmd\":\"x\"}]}";
        try (FaultServer server = FaultServer.respond(200, "application/json", huge)) {
            StepVerifier.create(server.client(b -> b.maxResponseSize(64 * 1024)).processes(TestKeys.CAPSULE).list())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrennProtocolException.class)
                            .hasMessageContaining("larger than the limit"))
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void killSendsTheSignalAsATypedQueryParameter() {
        try (FaultServer server = FaultServer.start((req, res) -> res.status(HttpResponseStatus.NO_CONTENT).send())) {
            Processes processes = server.client().processes(TestKeys.CAPSULE);
            StepVerifier.create(processes.kill(ProcessSelector.pid(42))).verifyComplete();
            StepVerifier.create(processes.kill(ProcessSelector.tag("bg-a1b2c3d4"), ProcessSignal.SIGTERM)).verifyComplete();
            assertThat(server.requestLines).containsExactly(
                    "DELETE /api/v1/capsules/" + TestKeys.CAPSULE + "/processes/42?signal=SIGKILL",
                    "DELETE /api/v1/capsules/" + TestKeys.CAPSULE + "/processes/bg-a1b2c3d4?signal=SIGTERM");
        }
    }

    @Test
    void tagsOfPathCharactersTravelLiterallyAsTheServiceMatchesThem() {
        String prefix = "/api/v1/capsules/" + TestKeys.CAPSULE + "/processes/";
        List<String> tags = List.of("a+b", "user:at@x", "x=1;y", "it's(1)!*,$&", "~.-_", "...");
        try (FaultServer server = FaultServer.start((req, res) -> req.requestHeaders().contains("Upgrade")
                ? res.sendWebsocket((in, out) -> FaultServer.send(out,
                        "{\"type\":\"start\",\"pid\":7}", "{\"type\":\"exit\",\"exit_code\":0}"))
                : res.status(HttpResponseStatus.NO_CONTENT).send())) {
            Processes processes = server.client().processes(TestKeys.CAPSULE);
            for (String tag : tags) {
                StepVerifier.create(processes.kill(ProcessSelector.tag(tag))).verifyComplete();
            }
            StepVerifier.create(processes.connect(ProcessSelector.parse("a+b"))).expectNextCount(2).verifyComplete();
            assertThat(server.requestLines).containsExactly(
                    "DELETE " + prefix + "a+b?signal=SIGKILL",
                    "DELETE " + prefix + "user:at@x?signal=SIGKILL",
                    "DELETE " + prefix + "x=1;y?signal=SIGKILL",
                    "DELETE " + prefix + "it's(1)!*,$&?signal=SIGKILL",
                    "DELETE " + prefix + "~.-_?signal=SIGKILL",
                    "DELETE " + prefix + "...?signal=SIGKILL",
                    "GET " + prefix + "a+b/stream");
        }
    }

    @Test
    void tagsTheServiceCannotAddressAreRefusedNamingThePid() {
        for (String tag : List.of("a/b", "..", ".", "%2F", "x?y", "x#y", "web?signal=SIGTERM", "a b", "ünï", "tab\there",
                "../../capsules", "a\"b", "<x>", "a\\b")) {
            assertThatThrownBy(() -> ProcessSelector.tag(tag)).as(tag)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PID");
            assertThatThrownBy(() -> ProcessSelector.parse(tag)).as(tag).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Command.of("sleep", "1").withTag(tag)).as(tag)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ProcessSelector.tag("a/b"))
                .hasMessageContaining("'/' at index 1").hasMessageContaining("ProcessSelector.pid");
    }

    @Test
    void processesWhoseTagCannotBeAddressedAreSelectedByPid() {
        assertThat(new ProcessInfo(42, "a/b", "sh", List.of()).selector()).isEqualTo(ProcessSelector.pid(42));
        assertThat(new ProcessInfo(42, "123", "sh", List.of()).selector()).isEqualTo(ProcessSelector.pid(42));
        assertThat(new ProcessInfo(42, null, "sh", List.of()).selector()).isEqualTo(ProcessSelector.pid(42));
        assertThat(new ProcessInfo(42, "a+b", "sh", List.of()).selector()).isEqualTo(ProcessSelector.tag("a+b"));
    }

    @Test
    void aBackgroundProcessWithAnAllDigitServerTagIsSelectedByPid() {
        String started = "{\"sandbox_id\":\"" + TestKeys.CAPSULE + "\",\"cmd\":\"sleep\",\"pid\":42,\"tag\":\"123\"}";
        try (FaultServer server = FaultServer.start((req, res) -> req.requestHeaders().contains("Upgrade")
                ? res.sendWebsocket((in, out) -> FaultServer.send(out,
                        "{\"type\":\"start\",\"pid\":42}", "{\"type\":\"exit\",\"exit_code\":-1}"))
                : req.method().name().equals("POST")
                ? res.status(HttpResponseStatus.ACCEPTED).header("Content-Type", "application/json")
                        .sendString(Mono.just(started))
                : res.status(HttpResponseStatus.NO_CONTENT).send())) {
            BackgroundProcess process = server.client().processes(TestKeys.CAPSULE).start(Command.of("sleep", "60"))
                    .block(Duration.ofSeconds(10));
            assertThat(process.tag()).isEqualTo("123");
            assertThat(process.selector()).isEqualTo(ProcessSelector.pid(42));
            StepVerifier.create(process.kill()).verifyComplete();
            StepVerifier.create(process.connect()).expectNextCount(2).verifyComplete();
            String prefix = "/api/v1/capsules/" + TestKeys.CAPSULE;
            assertThat(server.requestLines).containsExactly("POST " + prefix + "/exec",
                    "DELETE " + prefix + "/processes/42?signal=SIGKILL", "GET " + prefix + "/processes/42/stream");
        }
    }

    @Test
    void capsuleIdsOfPathCharactersTravelLiterallyAndOthersAreRefused() {
        try (FaultServer server = FaultServer.respond(200, "application/json", "{\"processes\":[]}")) {
            WrennClient client = server.client();
            StepVerifier.create(client.processes("cl-a+b:c").list()).verifyComplete();
            assertThat(server.requestLines).containsExactly("GET /api/v1/capsules/cl-a+b:c/processes");
            for (String id : List.of("../admin?x=1", "..", ".", "bad id", "cl-%41", "cl-ü", "a/b")) {
                assertThatThrownBy(() -> client.processes(id)).as(id).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("could never match");
                assertThatThrownBy(() -> client.capsules().get(id)).as(id).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> client.capsules().destroy(id)).as(id).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void invalidArgumentsAreRefusedBeforeAnyIo() {
        try (FaultServer server = FaultServer.respond(200, "application/json", "{}")) {
            WrennClient client = server.client();
            assertThatThrownBy(() -> client.processes(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.processes(" ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.processes("cl-x\r\nX-Injected: 1")).isInstanceOf(IllegalArgumentException.class);
            Processes processes = client.processes(TestKeys.CAPSULE);
            assertThatThrownBy(() -> processes.kill(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> processes.connect(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> processes.kill(ProcessSelector.pid(1), null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.pid(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.pid(1L << 32)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.tag("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.tag("  ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.tag("123")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.tag("a\nb")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ProcessSelector.parse(null)).isInstanceOf(IllegalArgumentException.class);
            assertThat(ProcessSelector.parse("42")).isEqualTo(ProcessSelector.pid(42));
            assertThat(ProcessSelector.parse("web")).isEqualTo(ProcessSelector.tag("web"));
            assertThat(server.connections.get()).isZero();
        }
    }

    @Test
    void idempotentReadsAreRetriedOnGatewayErrors() {
        AtomicInteger calls = new AtomicInteger();
        try (FaultServer server = FaultServer.start((req, res) -> calls.incrementAndGet() < 3
                ? res.status(HttpResponseStatus.BAD_GATEWAY).sendString(Mono.just("<html>502</html>"))
                : res.header("Content-Type", "application/json").sendString(Mono.just("{\"processes\":[]}")))) {
            WrennClient client = server.client(b -> b.retryPolicy(
                    RetryPolicy.backoff(3, Duration.ofMillis(10), Duration.ofMillis(50))));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).list()).verifyComplete();
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void retriesGiveUpAfterTheLimitWithTheLastError() {
        AtomicInteger calls = new AtomicInteger();
        try (FaultServer server = FaultServer.start((req, res) -> {
            calls.incrementAndGet();
            return res.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
        })) {
            WrennClient client = server.client(b -> b.retryPolicy(RetryPolicy.backoff(2, Duration.ofMillis(10), Duration.ofMillis(20))));
            StepVerifier.create(client.capsules().list())
                    .expectErrorSatisfies(e -> assertThat(((WrennException) e).status()).isEqualTo(503))
                    .verify(Duration.ofSeconds(10));
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void nonIdempotentCallsAreNeverRetried() {
        AtomicInteger calls = new AtomicInteger();
        try (FaultServer server = FaultServer.start((req, res) -> {
            calls.incrementAndGet();
            return res.status(HttpResponseStatus.BAD_GATEWAY).send();
        })) {
            WrennClient client = server.client(b -> b.retryPolicy(RetryPolicy.backoff(3, Duration.ofMillis(10), Duration.ofMillis(20))));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).exec(Command.of("true"))).expectError(ServerException.class).verify();
            StepVerifier.create(client.capsules().create(CapsuleSpec.defaults())).expectError(ServerException.class).verify();
            StepVerifier.create(client.processes(TestKeys.CAPSULE).kill(ProcessSelector.pid(1))).expectError(ServerException.class).verify();
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void killsAreRetriedOnlyWhenAskedTo() {
        AtomicInteger calls = new AtomicInteger();
        try (FaultServer server = FaultServer.start((req, res) -> calls.incrementAndGet() == 1
                ? res.status(HttpResponseStatus.GATEWAY_TIMEOUT).send()
                : res.status(HttpResponseStatus.NO_CONTENT).send())) {
            WrennClient client = server.client(b -> b.retryPolicy(
                    RetryPolicy.backoff(1, Duration.ofMillis(10), Duration.ofMillis(20)).withKillRetries(true)));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).kill(ProcessSelector.pid(1))).verifyComplete();
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Test
    void slowServerHitsTheResponseTimeout() {
        try (FaultServer server = FaultServer.start((req, res) -> Mono.never())) {
            StepVerifier.create(server.client(b -> b.responseTimeout(Duration.ofMillis(300))).capsules().list())
                    .expectError(WrennTimeoutException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void serverDyingBeforeTheResponseIsAConnectionError() {
        try (FaultServer server = FaultServer.start((req, res) -> res.withConnection(c -> c.channel().close()).then())) {
            StepVerifier.create(server.client().capsules().get(TestKeys.CAPSULE))
                    .expectError(ConnectionException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }
}
