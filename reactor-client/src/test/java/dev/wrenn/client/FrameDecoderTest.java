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

    /** What a frame decoded to: its event, or what the decoder said of a frame that is not one. */
    private static Object decode(boolean direct, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = direct ? PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length) : Unpooled.buffer(bytes.length + 8);
        try {
            if (!direct) {
                buf.writerIndex(3).readerIndex(3); // an offset into the array must be respected
            }
            buf.writeBytes(bytes);
            Object[] other = new Object[1];
            ProcessEvent event = DECODER.decode(buf, "cl-x", SEL, new FrameDecoder.OtherFrames() {
                @Override
                public void serverError(String text) {
                    other[0] = "error: " + text;
                }

                @Override
                public void unknownType(String type) {
                    other[0] = "unknown: " + type;
                }
            });
            return event != null ? event : other[0];
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decodesEveryType(boolean direct) {
        Function<String, Object> d = json -> decode(direct, json);
        assertThat(d.apply("{\"type\":\"start\",\"pid\":42}")).isEqualTo(new ProcessEvent.Started("cl-x", SEL, 42));
        assertThat(d.apply("{\"type\":\"stdout\",\"data\":\"a\\nb\"}")).isEqualTo(new ProcessEvent.Stdout("cl-x", SEL, "a\nb"));
        assertThat(d.apply("{\"data\":\"\\u003c\\ufffd\",\"type\":\"stderr\"}"))
                .isEqualTo(new ProcessEvent.Stderr("cl-x", SEL, "<\ufffd"));
        assertThat(d.apply("{\"type\":\"exit\",\"exit_code\":-1}")).isEqualTo(new ProcessEvent.Exited("cl-x", SEL, -1));
        assertThat(d.apply("{\"type\":\"error\",\"data\":\"sandbox not found\"}")).isEqualTo("error: sandbox not found");
        assertThat(d.apply("{\"type\":\"resize\",\"cols\":80,\"x\":{\"y\":[1]}}")).isEqualTo("unknown: resize");
        assertThat(d.apply("{\"type\":\"stdout\",\"data\":\"\u00e9\u4e2d\"}"))
                .isEqualTo(new ProcessEvent.Stdout("cl-x", SEL, "\u00e9\u4e2d"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesWhatIsNotAFrame(boolean direct) {
        for (String bad : new String[] {"", "[]", "{\"type\":", "{\"data\":\"x\"}", "{\"type\":\"stdout\"}",
                "{\"type\":\"start\"}", "{\"type\":\"exit\",\"exit_code\":\"0\"}", "{\"type\":\"exit\",\"exit_code\":0} {}"}) {
            assertThatThrownBy(() -> decode(direct, bad)).as(bad).isInstanceOf(WrennProtocolException.class)
                    .hasMessageStartingWith("invalid frame from the service");
        }
    }
}
