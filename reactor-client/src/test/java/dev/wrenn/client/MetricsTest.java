package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrenn.emulator.WrennEmulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Micrometer meters, against the emulator: bounded tags, counts, and why streams ended. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private WrennEmulator emulator;

    @BeforeAll
    void startEmulator() {
        emulator = WrennEmulator.builder().startupDelay(Duration.ZERO).streamLimit(Duration.ofSeconds(3)).start();
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    private WrennClient client(SimpleMeterRegistry registry) {
        return WrennClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey())
                .instrument(Micrometer.meters(registry)).build();
    }

    @Test
    void theSetOfMetersDoesNotGrowWithTheNumberOfCapsules() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WrennClient client = client(registry)) {
            workOn(client, 3);
            Set<String> afterThree = meterIds(registry);
            System.out.println("meters after 3 capsules (" + afterThree.size() + "):\n  " + String.join("\n  ", afterThree));
            assertThat(count(registry, "wrenn.client.requests", "route", "/v1/capsules/{id}/exec")).isEqualTo(6);

            workOn(client, 6);
            Set<String> afterNine = meterIds(registry);
            System.out.println("meters after 3 + 6 capsules (" + afterNine.size() + "): the same set");
            System.out.println(registry.getMetersAsString());
            assertThat(afterNine).isEqualTo(afterThree);

            assertThat(count(registry, "wrenn.client.requests", "method", "POST", "route", "/v1/capsules/{id}/exec",
                    "outcome", "success", "status", "2xx")).isEqualTo(18); // one foreground exec, one start
            assertThat(count(registry, "wrenn.client.requests", "method", "DELETE", "route", "/v1/capsules/{id}",
                    "outcome", "success")).isEqualTo(9);
            assertThat(count(registry, "wrenn.client.requests", "method", "GET", "route", "/v1/capsules/{id}",
                    "outcome", "NotFoundException", "status", "404")).isEqualTo(9);
            assertThat(count(registry, "wrenn.client.streams.terminations", "kind", "exec-stream",
                    "route", "/v1/capsules/{id}/exec/stream", "cause", "exit")).isEqualTo(9);
            assertThat(count(registry, "wrenn.client.streams.terminations", "kind", "connect",
                    "route", "/v1/capsules/{id}/processes/{selector}/stream", "cause", "cancelled")).isEqualTo(9);
            assertThat(count(registry, "wrenn.client.streams.terminations", "kind", "connect", "cause", "not-found"))
                    .isEqualTo(9);
            assertThat(registry.get("wrenn.client.streams.events").tag("kind", "exec-stream").counter().count())
                    .isGreaterThanOrEqualTo(27); // start, output, exit
            assertThat(registry.get("wrenn.client.streams.bytes").tag("kind", "exec-stream").counter().count())
                    .isPositive();
            assertThat(registry.get("wrenn.client.streams.active").longTaskTimers())
                    .allSatisfy(active -> assertThat(active.activeTasks()).isZero());
            assertThat(registry.getMeters()).flatExtracting(meter -> meter.getId().getTags())
                    .extracting(Tag::getValue)
                    .noneMatch(value -> value.startsWith("cl-") || value.contains("sleeper"));
        }
    }

    @Test
    void aStreamCutByTheServiceLimitAndAReattachmentAreCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WrennClient client = client(registry)) {
            Processes processes = client.processes(runningCapsule(client));
            Path stop = Path.of(System.getProperty("java.io.tmpdir"), "stop-metrics-" + UUID.randomUUID());
            processes.start(Command.shell("while [ ! -f '" + stop + "' ]; do sleep 0.05; done; rm '" + stop + "'")
                    .withTag("cut")).block(WAIT);

            StepVerifier.create(processes.connect(ProcessSelector.tag("cut")))
                    .expectNextMatches(ProcessEvent.Started.class::isInstance)
                    .expectError(StreamLimitException.class)
                    .verify(WAIT);
            StepVerifier.create(processes.follow(ProcessSelector.tag("cut"))
                            .doOnNext(event -> {
                                if (event instanceof ProcessEvent.Reattached) {
                                    createFile(stop);
                                }
                            })
                            .filter(event -> !(event instanceof ProcessEvent.Output)))
                    .expectNextMatches(ProcessEvent.Started.class::isInstance)
                    .expectNextMatches(ProcessEvent.Reattached.class::isInstance)
                    .expectNextMatches(ProcessEvent.Exited.class::isInstance)
                    .verifyComplete();

            assertThat(count(registry, "wrenn.client.streams.terminations", "kind", "connect", "cause", "limit"))
                    .isEqualTo(1);
            assertThat(count(registry, "wrenn.client.streams.terminations", "kind", "follow", "cause", "limit"))
                    .isEqualTo(1);
            assertThat(count(registry, "wrenn.client.streams.terminations", "kind", "follow", "cause", "exit"))
                    .isEqualTo(1);
            assertThat(registry.get("wrenn.client.streams.reattachments").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void metersAndObservationsAreConfiguredApart() {
        Micrometer both = Micrometer.meters(new SimpleMeterRegistry()).and(Micrometer.observations(ObservationRegistry.NOOP));
        assertThat(both.meterRegistry()).isNotNull();
        assertThat(both.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
    }

    /** Per capsule: create, exec, start, exec/stream, attach and cancel, attach to nothing, kill, destroy. */
    private static void workOn(WrennClient client, int capsules) {
        for (int i = 0; i < capsules; i++) {
            String id = runningCapsule(client);
            Processes processes = client.processes(id);
            processes.exec(Command.of("echo", "hello")).block(WAIT);
            processes.start(Command.of("sleep", "30").withTag("sleeper-" + i)).block(WAIT);
            StepVerifier.create(processes.execStream(Command.of("echo", "streamed")).last())
                    .expectNextMatches(ProcessEvent.Exited.class::isInstance).verifyComplete();
            StepVerifier.create(processes.connect(ProcessSelector.tag("sleeper-" + i)).take(1))
                    .expectNextMatches(ProcessEvent.Started.class::isInstance).verifyComplete();
            StepVerifier.create(processes.connect(ProcessSelector.tag("nobody-" + i)))
                    .expectError(NotFoundException.class).verify(WAIT);
            processes.kill(ProcessSelector.tag("sleeper-" + i)).block(WAIT);
            client.capsules().destroy(id).block(WAIT);
            StepVerifier.create(client.capsules().get(TestKeys.CAPSULE)).expectError(NotFoundException.class)
                    .verify(WAIT);
        }
    }

    private static String runningCapsule(WrennClient client) {
        return client.capsules().create(CapsuleSpec.defaults())
                .flatMap(c -> client.capsules().awaitRunning(c.id(), Duration.ofSeconds(10)))
                .block(WAIT).id();
    }

    /** Each meter's name and tags, e.g. {@code wrenn.client.requests{method=GET,...}}. */
    private static Set<String> meterIds(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId)
                .map(id -> id.getName() + id.getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
                        .collect(Collectors.joining(",", "{", "}")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The count of a timer or counter whose tags include these key-value pairs, summed over the matching ones. */
    private static long count(SimpleMeterRegistry registry, String name, String... tags) {
        List<Meter> meters = List.copyOf(registry.find(name).tags(tags).meters());
        assertThat(meters).as(name + " with " + String.join(",", tags)).isNotEmpty();
        return meters.stream().mapToLong(meter -> meter instanceof io.micrometer.core.instrument.Timer timer
                ? timer.count() : (long) ((io.micrometer.core.instrument.Counter) meter).count()).sum();
    }

    private static void createFile(Path file) {
        Mono.fromCallable(() -> java.nio.file.Files.createFile(file))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).subscribe();
    }
}
