package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessInfo;
import dev.wrenn.client.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A REST response body to public types: the process list of {@code GET /v1/capsules/{id}/processes}, as the
 * service writes it, read by the client's streaming reader and, for comparison, by Jackson data binding into
 * records (as the client did before it dropped {@code jackson-databind}). Run with {@code -prof gc} for the
 * allocation per operation.
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

    private static final ObjectReader DATABIND = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build()
            .readerFor(ProcessListBody.class);

    record ProcessListBody(List<ProcessBody> processes) {
    }

    record ProcessBody(Long pid, String tag, String cmd, List<String> args) {
    }

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

    @Benchmark
    public List<ProcessInfo> databind() {
        ProcessListBody list = DATABIND.readValue(body);
        List<ProcessInfo> infos = new ArrayList<>(list.processes().size());
        for (ProcessBody p : list.processes()) {
            infos.add(new ProcessInfo(p.pid(), p.tag(), p.cmd(), p.args()));
        }
        return infos;
    }
}
