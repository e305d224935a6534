package dev.wrenn.client;

import static dev.wrenn.client.FaultServer.dropConnection;
import static dev.wrenn.client.FaultServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The terminal stream's wire rules, over real sockets against a scripted server. */
class TerminalWireTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STARTED = "{\"type\":\"started\",\"tag\":\"pty-1a2b3c4d\",\"pid\":42}";
    private static final String PING = "{\"type\":\"ping\"}";
    private static final String OUTPUT = "{\"type\":\"output\",\"data\":\"aGk=\"}"; // "hi"
    private static final String EXIT = "{\"type\":\"exit\",\"exit_code\":0}";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Flux<TerminalEvent> open(FaultServer server, TerminalSpec spec, Flux<TerminalInput> input) {
        return server.client().terminals(TestKeys.CAPSULE).open(spec, input);
    }

    /** Every client message, recorded; the server reads them one at a time, slowly. */
    private static Mono<Void> recordSlowly(WebsocketInbound in, List<JsonNode> messages) {
        return in.receive().asString()
                .concatMap(text -> Mono.delay(Duration.ofMillis(1)).thenReturn(text), 1)
                .doOnNext(text -> messages.add(JSON.readTree(text)))
                .then();
    }

    /** Every client message, recorded as it is read. */
    private static Mono<Void> record(WebsocketInbound in, List<JsonNode> messages) {
        return in.receive().asString().doOnNext(text -> messages.add(JSON.readTree(text))).then();
    }

    @Test
    void applicationPingsAreAbsorbed() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                send(out, STARTED, PING, OUTPUT, PING, EXIT).then(dropConnection(ch)).then(Mono.never()))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectNext(new TerminalEvent.Started("pty-1a2b3c4d", 42))
                    .assertNext(output -> assertThat(((TerminalEvent.Output) output).utf8()).isEqualTo("hi"))
                    .expectNext(new TerminalEvent.Exited(0))
                    .verifyComplete();
        }
    }

    @Test
    void theFirstMessageCarriesTheSpecAndOnlyWhatIsSet() {
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> in.receive().asString()
                .concatMap(text -> {
                    messages.add(JSON.readTree(text));
                    return send(out, EXIT);
                }).then())) {
            StepVerifier.create(open(server, TerminalSpec.of("vim", "a.txt").withSize(120, 40).withCwd("/app")
                            .withEnv("LANG", "C.UTF-8"), Flux.never()))
                    .expectNext(new TerminalEvent.Exited(0))
                    .verifyComplete();
        }
        assertThat(messages.get(0).toString()).isEqualTo("{\"type\":\"start\",\"cmd\":\"vim\",\"args\":[\"a.txt\"],"
                + "\"cols\":120,\"rows\":40,\"envs\":{\"LANG\":\"C.UTF-8\"},\"cwd\":\"/app\"}");
    }

    @Test
    void aRefusedUpgradeIsTypedLikeRest() {
        try (FaultServer server = FaultServer.respond(400, "application/json",
                "{\"error\":{\"code\":\"invalid_request\",\"message\":\"invalid sandbox ID\"}}")) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectErrorSatisfies(error -> assertThat(error).isExactlyInstanceOf(InvalidRequestException.class)
                            .hasMessageContaining("invalid sandbox ID"))
                    .verify(WAIT);
        }
    }

    @Test
    void aSilentServiceFailsTheStreamAfterTheIdleTimeout() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED).then(Mono.never()))) {
            Flux<TerminalEvent> session = server.client(b -> b.idleTimeout(Duration.ofMillis(300)))
                    .terminals(TestKeys.CAPSULE).open(TerminalSpec.shell(), Flux.never());
            StepVerifier.create(session)
                    .expectNextCount(1)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrennTimeoutException.class)
                            .hasMessageEndingWith(": no frame from the service for PT0.3S"))
                    .verify(WAIT);
        }
    }

    @Test
    void keepAlivePongsKeepAQuietSessionAttached() {
        // The server answers pings (Reactor Netty does so while reading) but sends nothing else for a while.
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED)
                .then(Mono.when(in.receive().then(), Mono.delay(Duration.ofSeconds(3)).then(send(out, EXIT)))))) {
            Flux<TerminalEvent> session = server.client(b -> b.idleTimeout(Duration.ofSeconds(1))
                    .keepAliveInterval(Duration.ofMillis(100))).terminals(TestKeys.CAPSULE).open(TerminalSpec.shell(), Flux.never());
            StepVerifier.create(session)
                    .expectNextMatches(TerminalEvent.Started.class::isInstance)
                    .expectNextMatches(TerminalEvent.Exited.class::isInstance)
                    .verifyComplete();
        }
    }

    @Test
    void aFatalErrorIsTyped() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                send(out, "{\"type\":\"error\",\"data\":\"sandbox is not running (status: paused)\",\"fatal\":true}"))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectError(InvalidStateException.class)
                    .verify(WAIT);
        }
    }

    @Test
    void theAuthenticationQuirkIsAnAuthenticationError() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                send(out, "{\"type\":\"error\",\"data\":\"authentication failed\",\"fatal\":true}"))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectError(AuthenticationException.class)
                    .verify(WAIT);
        }
    }

    @Test
    void theTenMinuteCutIsTheStreamLimit() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED,
                "{\"type\":\"error\",\"data\":\"deadline_exceeded: context deadline exceeded\"}"))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectNextCount(1)
                    .expectError(StreamLimitException.class)
                    .verify(WAIT);
        }
    }

    @Test
    void aNonFatalErrorReportsABrokenRelay() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                send(out, STARTED, "{\"type\":\"error\",\"data\":\"unavailable: connection refused\"}"))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectNextCount(1)
                    .expectErrorSatisfies(error -> assertThat(error).isExactlyInstanceOf(WrennException.class)
                            .hasMessageContaining("connection refused"))
                    .verify(WAIT);
        }
    }

    @Test
    void aCloseBeforeAnyOutputOfAReattachIsNotFound() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                in.receive().take(1).then(dropConnection(ch)).then(Mono.never()))) {
            StepVerifier.create(server.client().terminals(TestKeys.CAPSULE).reattach("pty-00000000", Flux.never()))
                    .expectError(NotFoundException.class)
                    .verify(WAIT);
        }
    }

    @Test
    void aCloseAfterStartedIsAnInterruptedStream() {
        try (FaultServer server = FaultServer.websocket((in, out, ch) ->
                send(out, STARTED, OUTPUT).then(dropConnection(ch)).then(Mono.never()))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectNextCount(2)
                    .expectError(StreamInterruptedException.class)
                    .verify(WAIT);
        }
    }

    @Test
    void inputIsRequestedOneAtATimeAndCoalescedIntoBoundedMessagesWithNothingLost() {
        int items = 3000;
        byte[] chunk = new byte[1024];
        AtomicLong largestRequest = new AtomicLong();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Flux<TerminalInput> typing = Flux.range(0, items)
                .map(i -> {
                    java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
                    expected.writeBytes(chunk);
                    return TerminalInput.bytes(chunk);
                })
                .doOnRequest(n -> largestRequest.accumulateAndGet(n, Math::max));
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED)
                .then(recordSlowly(in, messages)))) {
            Flux<TerminalEvent> session = open(server, TerminalSpec.shell(), typing);
            StepVerifier.create(session)
                    .expectNextCount(1)
                    .then(() -> Await.until("all input arrived",
                            () -> receivedBytes(messages).length == items * chunk.length))
                    .thenCancel()
                    .verify(WAIT);
        }
        assertThat(largestRequest.get()).as("the most input requested at once").isEqualTo(1);
        List<JsonNode> inputs = messages.subList(1, messages.size());
        assertThat(inputs).allSatisfy(m -> assertThat(decode(m).length).isLessThanOrEqualTo(32 * 1024));
        assertThat(inputs.size()).as("messages for %d inputs", items).isLessThan(items / 16);
        assertThat(receivedBytes(messages)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aResizeAndAKillAreSentTwiceInARowAheadOfGatheredTyping() {
        Flux<TerminalInput> input = Flux.concat(
                Flux.range(0, 500).map(i -> TerminalInput.text("x".repeat(512))),
                Flux.just(TerminalInput.resize(100, 50)),
                Flux.range(0, 500).map(i -> TerminalInput.text("y".repeat(512))),
                Flux.just(TerminalInput.kill()));
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED)
                .then(recordSlowly(in, messages)))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), input))
                    .expectNextCount(1)
                    .then(() -> Await.until("the kills arrived",
                            () -> types(messages).stream().filter("kill"::equals).count() == 2))
                    .thenCancel()
                    .verify(WAIT);
        }
        List<String> types = types(messages);
        int resize = types.indexOf("resize");
        assertThat(types.get(resize + 1)).isEqualTo("resize");
        assertThat(messages.get(resize).toString()).isEqualTo("{\"type\":\"resize\",\"cols\":100,\"rows\":50}");
        int kill = types.indexOf("kill");
        assertThat(types.get(kill + 1)).isEqualTo("kill");
        assertThat(types.stream().filter("kill"::equals).count()).isEqualTo(2);
        assertThat(new String(receivedBytes(messages), StandardCharsets.US_ASCII))
                .isEqualTo("x".repeat(500 * 512) + "y".repeat(500 * 512));
    }

    @Test
    void cancellingDetachesWithoutAKill() {
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        AtomicInteger closed = new AtomicInteger();
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED)
                .then(record(in, messages)).doFinally(s -> closed.incrementAndGet()))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.never()))
                    .expectNextCount(1)
                    .thenCancel()
                    .verify(WAIT);
            Await.until("the server saw the close", () -> closed.get() == 1);
        }
        assertThat(types(messages)).containsExactly("start");
    }

    @Test
    void cancellingWithKillOnCancelSendsKillBeforeClosing() {
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        AtomicInteger closed = new AtomicInteger();
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED)
                .then(record(in, messages)).doFinally(s -> closed.incrementAndGet()))) {
            StepVerifier.create(open(server, TerminalSpec.shell().withKillOnCancel(), Flux.never()))
                    .expectNextCount(1)
                    .thenCancel()
                    .verify(WAIT);
            Await.until("the server saw the close", () -> closed.get() == 1);
        }
        assertThat(types(messages)).containsExactly("start", "kill", "kill");
    }

    @Test
    void aFailingInputEndsTheStreamWithItsError() {
        IllegalStateException broken = new IllegalStateException("keyboard unplugged");
        try (FaultServer server = FaultServer.websocket((in, out, ch) -> send(out, STARTED)
                .then(in.receive().then()))) {
            StepVerifier.create(open(server, TerminalSpec.shell(), Flux.error(broken)))
                    .thenConsumeWhile(TerminalEvent.Started.class::isInstance)
                    .expectErrorSatisfies(error -> assertThat(error).isSameAs(broken))
                    .verify(WAIT);
        }
    }

    private static List<String> types(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("type").asString()).toList();
    }

    private static byte[] decode(JsonNode message) {
        return Base64.getDecoder().decode(message.get("data").asString());
    }

    private static byte[] receivedBytes(List<JsonNode> messages) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        messages.stream().filter(m -> "input".equals(m.get("type").asString()))
                .forEach(m -> all.writeBytes(decode(m)));
        return all.toByteArray();
    }
}
