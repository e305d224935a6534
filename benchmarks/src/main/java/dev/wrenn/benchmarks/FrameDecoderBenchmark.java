package dev.wrenn.benchmarks;

import dev.wrenn.client.ProcessEvent;
import dev.wrenn.client.ProcessSelector;
import dev.wrenn.client.internal.FrameDecoder;
import dev.wrenn.client.internal.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One stdout frame's bytes to one {@link ProcessEvent}: the client's {@link FrameDecoder} (and the stream's
 * step from its {@link WireFrame} to the event) against a Jackson tree decode. Run with {@code -prof gc} for the allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameDecoderBenchmark {

    private static final String CAPSULE = Subject.CAPSULE_ID;
    private static final ProcessSelector SELECTOR = ProcessSelector.tag("bench");
    private static final Supplier<String> OPERATION = () -> "benchmark stream";

    @Param({"64", "4096"})
    public int frameSize;

    @Param({"heap", "direct"})
    public String buffer;

    private final FrameDecoder frameDecoder = new FrameDecoder();
    private final JacksonTreeDecoder treeDecoder = new JacksonTreeDecoder();
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] json = StdoutFrames.stdout(frameSize);
        frame = buffer.equals("direct") ? Unpooled.directBuffer(json.length) : Unpooled.buffer(json.length);
        frame.writeBytes(json);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    @Benchmark
    public ProcessEvent frameDecoder() {
        // The frames measured are all stdout; any other kind is a mistake in the benchmark (a class cast here).
        return ((WireFrame.Output) frameDecoder.decode(frame, OPERATION)).event(CAPSULE, SELECTOR);
    }

    @Benchmark
    public ProcessEvent jacksonTree() {
        return treeDecoder.decode(frame, CAPSULE, SELECTOR);
    }
}
