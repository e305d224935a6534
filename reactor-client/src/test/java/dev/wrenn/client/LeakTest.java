package dev.wrenn.client;

import static dev.wrenn.client.FaultServer.dropConnection;
import static dev.wrenn.client.FaultServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Ten thousand attachments that fail and ten thousand that succeed and are then cancelled leave no open
 * connection on either side, no more threads, and (with the suite's paranoid leak detector) no leaked buffer.
 */
class LeakTest {

    private static final int ATTACHMENTS = 10_000;
    private static final int CONCURRENCY = 256;

    @Test
    void failedAndCancelledAttachmentsLeakNothing() {
        AtomicInteger clientOpen = new AtomicInteger();
        // Lent so that the test can count the client's own open connections.
        HttpClient counted = HttpClient.create(ConnectionProvider.newConnection())
                .doOnConnected(c -> clientOpen.incrementAndGet())
                .doOnDisconnected(c -> clientOpen.decrementAndGet());
        try (FaultServer unknownCapsule = FaultServer.websocket((in, out, ch) ->
                     send(out, "{\"type\":\"error\",\"data\":\"sandbox not found\"}").then(dropConnection(ch)));
             FaultServer running = FaultServer.websocket((in, out, ch) ->
                     send(out, "{\"type\":\"start\",\"pid\":42}").then(in.receive().then()))) {
            WrennClient failing = unknownCapsule.client(b -> b.httpClient(counted));
            WrennClient succeeding = running.client(b -> b.httpClient(counted));

            attachAll(failing, 200, true);
            attachAll(succeeding, 200, false); // warm up event loops and pools before counting
            awaitZero(clientOpen);
            long reactorThreadsBefore = reactorThreads();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long directBefore = directMemoryInUse();

            assertThat(attachAll(failing, ATTACHMENTS, true)).isEqualTo(ATTACHMENTS);
            assertThat(attachAll(succeeding, ATTACHMENTS, false)).isEqualTo(ATTACHMENTS);

            StreamFaultTest.awaitNoOpenConnection(unknownCapsule);
            StreamFaultTest.awaitNoOpenConnection(running);
            awaitZero(clientOpen);
            long reactorThreadsAfter = reactorThreads();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            long directAfter = directMemoryInUse();
            System.out.printf("leak test: %d + %d attachments; Reactor and Netty threads %d -> %d (all JVM threads"
                            + " %d -> %d); client connections open %d; direct memory the allocator holds %d -> %d"
                            + " bytes%n", ATTACHMENTS, ATTACHMENTS, reactorThreadsBefore, reactorThreadsAfter,
                    threadsBefore, threadsAfter, clientOpen.get(), directBefore, directAfter);
            assertThat(clientOpen.get()).as("client connections open").isZero();
            assertThat(unknownCapsule.openConnections.get() + running.openConnections.get())
                    .as("server connections open").isZero();
            // Reactor's and Netty's threads are a fixed set once warmed up; the JVM's own (compiler, GC helpers,
            // the common pool) come and go, so they are reported but not asserted.
            assertThat(reactorThreadsAfter).as("Reactor and Netty threads").isLessThanOrEqualTo(reactorThreadsBefore);
            // The allocator keeps chunks it has made for reuse: what it holds may not grow with the attachments.
            assertThat(directAfter).as("direct memory held by the allocator").isLessThanOrEqualTo(directBefore);
            assertThat(unknownCapsule.connections.get() + running.connections.get()).isEqualTo(2 * (ATTACHMENTS + 200));
        }
    }

    private static long reactorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("reactor-") || t.getName().startsWith("parallel-")
                        || t.getName().startsWith("boundedElastic-"))
                .count();
    }

    /** Direct memory held by the allocator Reactor Netty uses (its chunks, whether or not buffers are in use). */
    private static long directMemoryInUse() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }

    /** Attaches {@code count} times, {@value #CONCURRENCY} at a time; returns how many ended as expected. */
    private static long attachAll(WrennClient client, int count, boolean expectNotFound) {
        Processes processes = client.processes(TestKeys.CAPSULE);
        return Flux.range(0, count)
                .flatMap(i -> {
                    Flux<ProcessEvent> events = processes.connect(ProcessSelector.tag("web"));
                    return expectNotFound
                            ? events.then(Mono.just(false)).onErrorResume(NotFoundException.class, e -> Mono.just(true))
                            : events.take(1).single().map(ProcessEvent.Started.class::isInstance);
                }, CONCURRENCY)
                .filter(ok -> ok)
                .count()
                .block(Duration.ofMinutes(2));
    }

    private static void awaitZero(AtomicInteger open) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (open.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(open.get()).as("client connections still open").isZero();
    }
}
