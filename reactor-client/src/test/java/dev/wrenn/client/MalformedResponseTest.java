package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;
import reactor.test.StepVerifier;

/**
 * REST responses that break the protocol, and responses that never finish: each fails the call with the right
 * {@link WrennException} subclass, never with an exception of the HTTP stack or a hang.
 */
class MalformedResponseTest {

    /** Long enough that a failure reported as a timeout instead of a malformed response shows as the wrong type. */
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void aStatusLineWithoutANumberIsAProtocolError() {
        assertProtocolError("HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void aBadChunkSizeIsAProtocolError() {
        assertProtocolError("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n");
    }

    @Test
    void aNegativeContentLengthIsAProtocolError() {
        assertProtocolError("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}");
    }

    @Test
    void garbageInsteadOfHttpIsAProtocolError() {
        assertProtocolError("\u0000\u00ff\r\rnot http at all\n\r\n\r\n");
    }

    private static void assertProtocolError(String response) {
        try (RawHttpServer server = RawHttpServer.answering(response)) {
            StepVerifier.create(server.client(b -> b.responseTimeout(GENEROUS)).processes(TestKeys.CAPSULE).list())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(WrennProtocolException.class)
                            .hasMessageContaining("GET /v1/capsules/" + TestKeys.CAPSULE + "/processes"))
                    .verify(GENEROUS.multipliedBy(2));
            assertThat(server.requestLines).as("sent once").hasSize(1);
        }
    }

    @Test
    void aBodyCutShortByTheServerIsAConnectionError() {
        try (RawHttpServer server = RawHttpServer.answering(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"processes\":[")) {
            StepVerifier.create(server.client(b -> b.responseTimeout(GENEROUS)).processes(TestKeys.CAPSULE).list())
                    .expectError(ConnectionException.class)
                    .verify(GENEROUS.multipliedBy(2));
        }
    }

    @Test
    void aPooledConnectionClosedBeforeTheResponseIsAConnectionErrorOnEveryUse() {
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        try (FaultServer server = FaultServer.start((req, res) -> {
            clientPorts.add(req.remoteAddress().getPort());
            return clientPorts.size() == 1
                    ? res.header("Content-Type", "application/json").sendString(Mono.just("{\"processes\":[]}"))
                    : res.withConnection(c -> c.channel().close()).then();
        })) {
            WrennClient client = server.client();
            StepVerifier.create(client.processes(TestKeys.CAPSULE).list()).verifyComplete();
            StepVerifier.create(client.processes(TestKeys.CAPSULE).list())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ConnectionException.class)
                            .hasMessageContaining("closed it before responding"))
                    .verify(Duration.ofSeconds(10));
            assertThat(clientPorts).as("the second call reused the first call's connection").hasSize(2)
                    .containsOnly(clientPorts.get(0));
        }
    }

    @Test
    void nullsAndWrongTypesInsideBodiesAreProtocolErrors() {
        assertMalformed("{\"processes\":[null]}", c -> c.processes(TestKeys.CAPSULE).list());
        assertMalformed("{\"processes\":[{\"cmd\":\"sleep\"}]}", c -> c.processes(TestKeys.CAPSULE).list());
        assertMalformed("{\"processes\":[{\"pid\":1}]}", c -> c.processes(TestKeys.CAPSULE).list());
        assertMalformed("{\"processes\":[{\"pid\":\"one\",\"cmd\":\"sleep\"}]}", c -> c.processes(TestKeys.CAPSULE).list());
        assertMalformed("{\"processes\":[{\"pid\":1,\"cmd\":\"sleep\",\"args\":[null]}]}",
                c -> c.processes(TestKeys.CAPSULE).list());
        assertMalformed("{\"processes\":{\"pid\":1}}", c -> c.processes(TestKeys.CAPSULE).list());
        assertMalformed("[null]", c -> c.capsules().list());
        assertMalformed("[{\"status\":\"running\"}]", c -> c.capsules().list());
        assertMalformed("{\"id\":\"" + TestKeys.CAPSULE + "\",\"metadata\":{\"team\":null}}",
                c -> c.capsules().get(TestKeys.CAPSULE));
        assertMalformed("{\"id\":\"" + TestKeys.CAPSULE + "\",\"created_at\":\"yesterday\"}",
                c -> c.capsules().get(TestKeys.CAPSULE));
        assertMalformed("null", c -> c.capsules().get(TestKeys.CAPSULE));
        assertMalformed("{\"pid\":1099511627776,\"tag\":\"web\"}",
                c -> c.processes(TestKeys.CAPSULE).start(Command.of("sleep", "1")));
        assertMalformed("{\"tag\":\"web\"}", c -> c.processes(TestKeys.CAPSULE).start(Command.of("sleep", "1")));
        assertMalformed("{\"stdout\":\"\",\"stderr\":\"\"}", c -> c.processes(TestKeys.CAPSULE).exec(Command.of("true")));
    }

    private static void assertMalformed(String body, Function<WrennClient, org.reactivestreams.Publisher<?>> call) {
        try (FaultServer server = FaultServer.respond(200, "application/json", body)) {
            StepVerifier.create(call.apply(server.client()))
                    .expectErrorSatisfies(e -> assertThat(e).as(body).isExactlyInstanceOf(WrennProtocolException.class))
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aResponseTricklingItsHeadersHitsTheDeadline() {
        assertDeadline(RawHttpServer.trickling("HTTP/1.1 200 OK\r\nX-Slow: "));
    }

    @Test
    void aResponseTricklingItsBodyHitsTheDeadline() {
        assertDeadline(RawHttpServer.trickling(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"processes\":[],\"x\":\""));
    }

    /** A call subscribed on an event loop, as one made from another call's result is, has its timer there. */
    @Test
    void aCallSubscribedOnAnEventLoopHitsTheDeadlineOnThatLoop() {
        EventLoop loop = HttpResources.get().onClient(true).next();
        AtomicReference<Thread> failedOn = new AtomicReference<>();
        try (RawHttpServer server = RawHttpServer.trickling("HTTP/1.1 200 OK\r\nX-Slow: ")) {
            WrennClient client = server.client(b -> b.responseTimeout(Duration.ofSeconds(1)));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).list()
                            .doOnError(e -> failedOn.set(Thread.currentThread()))
                            .subscribeOn(Schedulers.fromExecutor(loop)))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(WrennTimeoutException.class)
                            .hasMessageContaining("no complete response within 1 s"))
                    .verify(Duration.ofSeconds(30));
            assertThat(loop.inEventLoop(failedOn.get())).isTrue();
            awaitZero(server.openConnections);
        }
    }

    /** Bytes arrive every 100 ms, far within the 1 s between reads that a per-read timeout would allow. */
    private static void assertDeadline(RawHttpServer server) {
        try (server) {
            WrennClient client = server.client(b -> b.responseTimeout(Duration.ofSeconds(1)));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).list())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(WrennTimeoutException.class)
                            .hasMessageContaining("no complete response within 1 s"))
                    .verify(Duration.ofSeconds(30));
            awaitZero(server.openConnections);
        }
    }

    @Test
    void aTimedOutAttemptIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        try (FaultServer server = FaultServer.start((req, res) -> {
            calls.incrementAndGet();
            return Mono.never();
        })) {
            WrennClient client = server.client(b -> b.responseTimeout(Duration.ofMillis(500))
                    .retryPolicy(RetryPolicy.backoff(3, Duration.ofMillis(10), Duration.ofMillis(20))));
            StepVerifier.create(client.capsules().list())
                    .expectError(WrennTimeoutException.class)
                    .verify(Duration.ofSeconds(30));
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void foregroundExecWaitsItsTimeLimitPlusTheResponseTimeoutAndSaysTheProcessMayStillRun() {
        try (FaultServer server = FaultServer.start((req, res) -> Mono.never())) {
            WrennClient client = server.client(b -> b.responseTimeout(Duration.ofSeconds(1)));
            StepVerifier.create(client.processes(TestKeys.CAPSULE).exec(Command.of("sleep", "60"), Duration.ofSeconds(1)))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(WrennTimeoutException.class)
                            .hasMessageContaining("no complete response within 2 s")
                            .hasMessageContaining("may still be running in the capsule")
                            .hasMessageContaining("execStream"))
                    .verify(Duration.ofSeconds(30));
        }
    }

    @Test
    void foregroundExecOverrunningItsLimitIsATimeoutThatSaysTheProcessMayStillRun() {
        String body = "{\"error\":{\"code\":\"agent_error\",\"message\":"
                + "\"internal: exec: stream error: deadline_exceeded: context deadline exceeded\"}}";
        try (FaultServer server = FaultServer.respond(502, "application/json", body)) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).exec(Command.of("sleep", "60"),
                            Duration.ofSeconds(3)))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(WrennTimeoutException.class)
                                .hasMessageContaining("time limit of 3 s")
                                .hasMessageContaining("may still be running in the capsule");
                        WrennException w = (WrennException) e;
                        assertThat(w.status()).isEqualTo(502);
                        assertThat(w.errorCode()).isEqualTo("agent_error");
                        assertThat(w.serverMessage()).startsWith("internal: exec: stream error");
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aForegroundExecBeyondTheServicePathLimitGetsAHintToStream() {
        String body = "{\"error\":{\"code\":\"no_hosts_available\",\"message\":\"no servers available — try again later\"}}";
        try (FaultServer server = FaultServer.start((req, res) -> res.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                .header("Content-Type", "application/json").sendString(Mono.just(body)))) {
            StepVerifier.create(server.client().processes(TestKeys.CAPSULE).exec(Command.of("make"), Duration.ofMinutes(5)))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ServerException.class)
                            .hasMessageContaining("45 s").hasMessageContaining("execStream"))
                    .verify(Duration.ofSeconds(10));
        }
    }

    private static void awaitZero(AtomicInteger counter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (counter.get() != 0) {
            assertThat(System.nanoTime()).as("the connection is closed").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
