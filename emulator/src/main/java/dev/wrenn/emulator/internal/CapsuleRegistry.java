package dev.wrenn.emulator.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** All capsules of one emulator, stopped ones included (upstream keeps their records). */
final class CapsuleRegistry {

    /** The only template the emulator knows: upstream's default. */
    private static final String DEFAULT_TEMPLATE = "minimal";
    private static final int DEFAULT_VCPUS = 1;
    private static final int DEFAULT_MEMORY_MB = 512;
    private static final long DIRECTORY_CLEANUP_WAIT_SECONDS = 5;

    private final Map<String, Capsule> capsules = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Path root;
    private final Duration startupDelay;

    CapsuleRegistry(Path root, Duration startupDelay) {
        this.root = root;
        this.startupDelay = startupDelay;
    }

    /**
     * Creates a capsule: {@code running} at once, or with a startup delay {@code pending}, then {@code starting},
     * then {@code running}. An unknown template is {@code 404 resource not found}, as upstream.
     */
    Mono<Capsule> create(Wire.CreateCapsuleRequest request) {
        String template = request.template() == null || request.template().isEmpty()
                ? DEFAULT_TEMPLATE : request.template();
        if (!template.equals(DEFAULT_TEMPLATE)) {
            return Mono.error(resourceNotFound());
        }
        int vcpus = positiveOrDefault(request.vcpus(), DEFAULT_VCPUS, "vcpus");
        int memoryMb = positiveOrDefault(request.memoryMb(), DEFAULT_MEMORY_MB, "memory_mb");
        int timeoutSec = positiveOrDefault(request.timeoutSec(), 0, "timeout_sec");
        return Mono.fromCallable(() -> {
            String id = Ids.newCapsuleId();
            Path directory = Files.createDirectories(root.resolve(id));
            Capsule capsule = new Capsule(id, sequence.incrementAndGet(), template, vcpus, memoryMb, timeoutSec,
                    directory, startupDelay.isZero());
            capsules.put(id, capsule);
            if (!startupDelay.isZero()) {
                scheduleStartup(capsule);
            }
            return capsule;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** For process routes: {@code 404 sandbox not found}. */
    Capsule require(String id) {
        Capsule capsule = capsules.get(id);
        if (capsule == null) {
            throw ApiException.sandboxNotFound();
        }
        return capsule;
    }

    /** For lifecycle routes: {@code 404 resource not found}. */
    Capsule requireResource(String id) {
        Capsule capsule = capsules.get(id);
        if (capsule == null) {
            throw resourceNotFound();
        }
        return capsule;
    }

    /** Newest first, without stopped capsules. */
    List<Capsule> list() {
        return capsules.values().stream()
                .filter(Capsule::isListed)
                .sorted(Comparator.comparingLong(Capsule::sequence).reversed())
                .toList();
    }

    /**
     * Marks the capsule stopped, kills its processes and closes their attachments without a frame; the directory
     * is deleted once the processes are gone. Destroying a stopped capsule again does nothing.
     */
    Mono<Void> destroy(String id) {
        return Mono.fromCallable(() -> requireResource(id))
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(this::tearDown)
                .then();
    }

    /** Pauses the capsule; its attachments close without a frame (the processes keep running on the host). */
    Mono<Capsule> pause(String id) {
        return Mono.fromCallable(() -> {
            Capsule capsule = requireResource(id);
            capsule.pause().forEach(HostProcess::sever);
            return capsule;
        });
    }

    /** On emulator close: forgets every capsule (the supervisor kills the processes). */
    void clear() {
        capsules.values().forEach(Capsule::stop);
        capsules.clear();
    }

    private void tearDown(Capsule capsule) {
        List<HostProcess> running = capsule.stop();
        running.forEach(process -> {
            process.sever();
            process.signal(KillSignal.SIGKILL);
        });
        CompletableFuture.allOf(running.stream().map(HostProcess::exited).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, DIRECTORY_CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS)
                .thenRun(() -> Schedulers.boundedElastic().schedule(() -> Directories.deleteTree(capsule.directory())));
    }

    private void scheduleStartup(Capsule capsule) {
        Duration half = startupDelay.dividedBy(2);
        capsule.onStartup(Mono.delay(half)
                .doOnNext(tick -> capsule.advance(CapsuleStatus.PENDING, CapsuleStatus.STARTING))
                .then(Mono.delay(startupDelay.minus(half)))
                .subscribe(tick -> capsule.advance(CapsuleStatus.STARTING, CapsuleStatus.RUNNING)));
    }

    private static ApiException resourceNotFound() {
        return ApiException.notFound("resource not found");
    }

    private static int positiveOrDefault(Integer value, int fallback, String field) {
        if (value == null || value == 0) {
            return fallback;
        }
        if (value < 0) {
            throw ApiException.invalidRequest(field + " must not be negative");
        }
        return value;
    }
}
