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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** All capsules of one emulator. */
final class CapsuleRegistry {

    private static final String DEFAULT_TEMPLATE = "minimal";
    private static final int DEFAULT_VCPUS = 1;
    private static final int DEFAULT_MEMORY_MB = 512;
    private static final long DIRECTORY_CLEANUP_WAIT_SECONDS = 5;

    private final Map<String, Capsule> capsules = new ConcurrentHashMap<>();
    private final Path root;
    private final Duration startupDelay;

    CapsuleRegistry(Path root, Duration startupDelay) {
        this.root = root;
        this.startupDelay = startupDelay;
    }

    /** Creates a capsule: {@code pending}, then {@code starting}, then {@code running} after the startup delay. */
    Mono<Capsule> create(Wire.CreateCapsuleRequest request) {
        String template = request.template() == null || request.template().isEmpty()
                ? DEFAULT_TEMPLATE : request.template();
        int vcpus = positiveOrDefault(request.vcpus(), DEFAULT_VCPUS, "vcpus");
        int memoryMb = positiveOrDefault(request.memoryMb(), DEFAULT_MEMORY_MB, "memory_mb");
        int timeoutSec = positiveOrDefault(request.timeoutSec(), 0, "timeout_sec");
        return Mono.fromCallable(() -> {
            String id = Ids.newCapsuleId();
            Path directory = Files.createDirectories(root.resolve(id));
            Capsule capsule = new Capsule(id, template, vcpus, memoryMb, timeoutSec, directory,
                    startupDelay.isZero());
            capsules.put(id, capsule);
            if (!startupDelay.isZero()) {
                scheduleStartup(capsule);
            }
            return capsule;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    Capsule require(String id) {
        Capsule capsule = capsules.get(id);
        if (capsule == null) {
            throw ApiException.sandboxNotFound();
        }
        return capsule;
    }

    List<Capsule> list() {
        return capsules.values().stream()
                .sorted(Comparator.comparing(Capsule::createdAt).thenComparing(Capsule::id))
                .toList();
    }

    /**
     * Removes the capsule at once and kills its processes; their attachments end with {@code sandbox not found}.
     * The directory is deleted once the processes are gone.
     */
    Mono<Void> destroy(String id) {
        return Mono.fromCallable(() -> {
            Capsule capsule = capsules.remove(id);
            if (capsule == null) {
                throw ApiException.sandboxNotFound();
            }
            return capsule;
        }).publishOn(Schedulers.boundedElastic()).doOnNext(this::tearDown).then();
    }

    /** On emulator close: forgets every capsule (the supervisor kills the processes). */
    void clear() {
        capsules.values().forEach(Capsule::shutDown);
        capsules.clear();
    }

    private void tearDown(Capsule capsule) {
        List<HostProcess> running = capsule.shutDown();
        running.forEach(process -> process.abort("sandbox not found"));
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
