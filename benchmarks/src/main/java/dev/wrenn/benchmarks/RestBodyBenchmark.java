package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A REST response body to public types: the process list of {@code GET /v1/capsules/{id}/processes}, as the
 * service writes it. Run with {@code -prof gc} for the allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RestBodyBenchmark {

    @Param({"20"})
    public int processes;

    private byte[] body;

    @Setup
    public void setUp() {
        StringBuilder json = new StringBuilder("{\"processes\":[");
        for (int i = 0; i < processes; i++) {
            json.append(i == 0 ? "" : ",").append("{\"pid\":").append(1000 + i)
                    .append(i % 2 == 0 ? ",\"tag\":\"worker-" + i + "\"" : "")
                    .append(",\"cmd\":\"python3\",\"args\":[\"-u\",\"worker.py\",\"--id\",\"").append(i).append("\"]}");
        }
        body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public List<ProcessInfo> processList() {
        return Json.processes(body, "GET /v1/capsules/{id}/processes");
    }
}
