package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrenn.client.internal.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame decoder on heap and direct buffers. */
class FrameDecoderTest {

    private static final FrameDecoder DECODER = new FrameDecoder();
    private static final ProcessSelector SEL = ProcessSelector.tag("t");

    private static FrameDecoder.Outcome decode(boolean direct, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = direct ? PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length) : Unpooled.buffer(bytes.length + 8);
        try {
            if (!direct) {
                buf.writerIndex(3).readerIndex(3); // an offset into the array must be respected
            }
            buf.writeBytes(bytes);
            return DECODER.decode(buf, "cl-x", SEL);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decodesEveryType(boolean direct) {
        Function<String, FrameDecoder.Outcome> d = json -> decode(direct, json);
        assertThat(d.apply("{\"type\":\"start\",\"pid\":42}"))
                .isEqualTo(new FrameDecoder.Event(new ProcessEvent.Started("cl-x", SEL, 42)));
        assertThat(d.apply("{\"type\":\"stdout\",\"data\":\"a\\nb\"}"))
                .isEqualTo(new FrameDecoder.Event(new ProcessEvent.Stdout("cl-x", SEL, "a\nb")));
        assertThat(d.apply("{\"data\":\"\\u003c\\ufffd\",\"type\":\"stderr\"}"))
                .isEqualTo(new FrameDecoder.Event(new ProcessEvent.Stderr("cl-x", SEL, "<\ufffd")));
        assertThat(d.apply("{\"type\":\"exit\",\"exit_code\":-1}"))
                .isEqualTo(new FrameDecoder.Event(new ProcessEvent.Exited("cl-x", SEL, -1)));
        assertThat(d.apply("{\"type\":\"error\",\"data\":\"sandbox not found\"}"))
                .isEqualTo(new FrameDecoder.ServerError("sandbox not found"));
        assertThat(d.apply("{\"type\":\"resize\",\"cols\":80,\"x\":{\"y\":[1]}}"))
                .isEqualTo(new FrameDecoder.Unknown("resize"));
        assertThat(d.apply("{\"type\":\"stdout\",\"data\":\"\u00e9\u4e2d\"}"))
                .isEqualTo(new FrameDecoder.Event(new ProcessEvent.Stdout("cl-x", SEL, "\u00e9\u4e2d")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesWhatIsNotAFrame(boolean direct) {
        for (String bad : new String[] {"", "[]", "{\"type\":", "{\"data\":\"x\"}", "{\"type\":\"stdout\"}",
                "{\"type\":\"start\"}", "{\"type\":\"exit\",\"exit_code\":\"0\"}", "{\"type\":\"exit\",\"exit_code\":0} {}"}) {
            assertThatThrownBy(() -> decode(direct, bad)).as(bad).isInstanceOf(ProtocolException.class)
                    .hasMessageStartingWith("invalid frame from the service");
        }
    }
}
