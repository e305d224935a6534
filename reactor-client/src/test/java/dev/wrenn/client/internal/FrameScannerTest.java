package dev.wrenn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrenn.client.ProcessEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which frames the fast path reads itself, and which it leaves to the general parser (answering null). */
class FrameScannerTest {

    private final FrameScanner scanner = new FrameScanner();

    private WireFrame scan(boolean direct, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = direct ? PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length) : Unpooled.wrappedBuffer(bytes);
        try {
            if (direct) {
                buf.writeBytes(bytes);
            }
            return scanner.scan(buf, () -> "stream");
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsEveryFrameOfTheServicesShapeItself(boolean direct) {
        assertThat(scan(direct, "{\"type\":\"start\",\"pid\":42}\n")).isEqualTo(new WireFrame.Start(42));
        assertThat(scan(direct, "{\"type\":\"stdout\",\"data\":\"INFO served \\u003cok\\u003e\\n\"}\n"))
                .isEqualTo(new WireFrame.Output(ProcessEvent.StandardStream.STDOUT, "INFO served <ok>\n"));
        assertThat(scan(direct, "{\"type\":\"stderr\",\"data\":\"caf\u00e9 \u4e2d \ud83d\ude00\"}\n"))
                .isEqualTo(new WireFrame.Output(ProcessEvent.StandardStream.STDERR, "caf\u00e9 \u4e2d \ud83d\ude00"));
        assertThat(scan(direct, "{\"type\":\"stdout\",\"data\":\"pair \\ud83d\\ude00\"}"))
                .isEqualTo(new WireFrame.Output(ProcessEvent.StandardStream.STDOUT, "pair \ud83d\ude00"));
        assertThat(scan(direct, "{\"type\":\"exit\",\"exit_code\":137}\n")).isEqualTo(new WireFrame.Exit(137));
        assertThat(scan(direct, "{\"type\":\"error\",\"data\":\"sandbox not found\"}\n"))
                .isEqualTo(new WireFrame.Error("sandbox not found"));
        assertThat(scan(direct, " { \"data\" : \"x\" , \"type\" : \"stdout\" } "))
                .isEqualTo(new WireFrame.Output(ProcessEvent.StandardStream.STDOUT, "x"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leavesEverythingUnusualToTheGeneralParser(boolean direct) {
        for (String unusual : new String[] {"{\"type\":\"stdout\",\"data\":\"x\",\"seq\":1}",
                "{\"type\":\"resize\"}", "{\"type\":\"st\\u0064out\",\"data\":\"x\"}", "{\"type\":\"stdout\",\"data\":null}",
                "{\"type\":\"stdout\",\"data\":\"lone \\ud83d\"}", "{\"type\":\"stdout\",\"data\":\"raw\ttab\"}",
                "{\"type\":\"stdout\",\"data\":\"replacement \ufffd\"}", "{\"type\":\"exit\",\"exit_code\":1e2}",
                "{\"type\":\"exit\",\"exit_code\":4294967296}", "{\"type\":\"stdout\",\"data\":\"x\"} {}", "[]", ""}) {
            assertThat(scan(direct, unusual)).as(unusual).isNull();
        }
    }
}
