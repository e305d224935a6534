package dev.wrenn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrenn.client.internal.FrameDecoder;
import dev.wrenn.client.internal.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** The frame decoder on heap and direct buffers: its fast path and the general parser must agree. */
class FrameDecoderTest {

    private static final FrameDecoder DECODER = new FrameDecoder();
    private static final ProcessEvent.StandardStream STDOUT = ProcessEvent.StandardStream.STDOUT;

    private static WireFrame decode(boolean direct, String json) {
        return decode(direct, json.getBytes(StandardCharsets.UTF_8));
    }

    private static WireFrame decode(boolean direct, byte[] bytes) {
        ByteBuf buf = direct ? PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length) : Unpooled.buffer(bytes.length + 8);
        try {
            if (!direct) {
                buf.writerIndex(3).readerIndex(3); // an offset into the array must be respected
            }
            buf.writeBytes(bytes);
            WireFrame frame = DECODER.decode(buf, () -> "attach to 7 in cl-x");
            assertThat(buf.readableBytes()).as("the frame is left as it was").isEqualTo(bytes.length);
            return frame;
        } finally {
            buf.release();
        }
    }

    private static WireFrame stdout(String data) {
        return new WireFrame.Output(STDOUT, data);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decodesEveryType(boolean direct) {
        assertThat(decode(direct, "{\"type\":\"start\",\"pid\":42}")).isEqualTo(new WireFrame.Start(42));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"a\\nb\"}")).isEqualTo(stdout("a\nb"));
        assertThat(decode(direct, "{\"data\":\"\\u003c\\ufffd\",\"type\":\"stderr\"}"))
                .isEqualTo(new WireFrame.Output(ProcessEvent.StandardStream.STDERR, "<\ufffd"));
        assertThat(decode(direct, "{\"type\":\"exit\",\"exit_code\":-1}")).isEqualTo(new WireFrame.Exit(-1));
        assertThat(decode(direct, "{\"type\":\"error\",\"data\":\"sandbox not found\"}"))
                .isEqualTo(new WireFrame.Error("sandbox not found"));
        assertThat(decode(direct, "{\"type\":\"error\"}")).isEqualTo(new WireFrame.Error("(no message)"));
        assertThat(decode(direct, "{\"type\":\"resize\",\"cols\":80,\"x\":{\"y\":[1]}}"))
                .isEqualTo(new WireFrame.Unknown("resize"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void resolvesEveryEscape(boolean direct) {
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"q\\\" s\\\\ /\\/ b\\b f\\f n\\n r\\r t\\t\"}"))
                .isEqualTo(stdout("q\" s\\ // b\b f\f n\n r\r t\t"));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"\\u0000\\u001f\\u00e9\\u4E2D\\u2028\\u0026\"}"))
                .isEqualTo(stdout("\u0000\u001f\u00e9\u4e2d\u2028&"));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"pair \\ud83d\\ude00 end\"}"))
                .isEqualTo(stdout("pair \ud83d\ude00 end"));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"\"}")).isEqualTo(stdout(""));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void keepsLoneSurrogatesAsTheGeneralParserDoes(boolean direct) {
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"a\\ud83db\"}")).isEqualTo(stdout("a\ud83db"));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"\\ude00\"}")).isEqualTo(stdout("\ude00"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsMultiByteUtf8AsItIs(boolean direct) {
        String text = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u2500\u2500 plain ascii after the wide ones";
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"" + text + "\"}")).isEqualTo(stdout(text));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"" + text + "\\n\"}")).isEqualTo(stdout(text + "\n"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void takesFieldsInAnyOrderWithWhitespaceAndExtraFields(boolean direct) {
        assertThat(decode(direct, "{\"data\":\"x\",\"type\":\"stdout\"}")).isEqualTo(stdout("x"));
        assertThat(decode(direct, " {\n \"type\" : \"stdout\" ,\t\"data\" :\r\"x\" }\n")).isEqualTo(stdout("x"));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"x\"}\n")).as("the service's trailing newline")
                .isEqualTo(stdout("x"));
        assertThat(decode(direct, "{\"seq\":1,\"type\":\"stdout\",\"meta\":{\"a\":[1,{}]},\"data\":\"x\",\"z\":null}"))
                .isEqualTo(stdout("x"));
        assertThat(decode(direct, "{\"pid\":7,\"type\":\"start\",\"data\":\"ignored\"}")).isEqualTo(new WireFrame.Start(7));
        assertThat(decode(direct, "{\"exit_code\":0,\"type\":\"exit\"}")).isEqualTo(new WireFrame.Exit(0));
        assertThat(decode(direct, "{\"type\":\"stdout\",\"data\":\"first\",\"data\":\"last\"}")).isEqualTo(stdout("last"));
        assertThat(decode(direct, "{\"type\":\"st\\u0064out\",\"data\":\"escaped type\"}"))
                .isEqualTo(stdout("escaped type"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesWhatIsNotAFrame(boolean direct) {
        for (String bad : new String[] {"", "[]", "{\"type\":", "{\"data\":\"x\"}", "{\"type\":\"stdout\"}",
                "{\"type\":\"start\"}", "{\"type\":\"exit\",\"exit_code\":\"0\"}", "{\"type\":\"exit\",\"exit_code\":0} {}",
                "{\"type\":\"exit\",\"exit_code\":1.5}", "{\"type\":\"exit\",\"exit_code\":99999999999}",
                "{\"type\":\"start\",\"pid\":012}", "{\"type\":\"start\",\"pid\":-3}",
                "{\"type\":\"stdout\",\"data\":\"raw\ttab\"}", "{\"type\":\"stdout\",\"data\":\"bad \\x escape\"}",
                "{\"type\":\"stdout\",\"data\":\"short \\u12\"}", "{\"type\":\"stdout\",\"data\":\"unterminated}",
                "{\"type\":\"stdout\",\"data\":\"x\"", "{\"type\":\"stdout\" \"data\":\"x\"}"}) {
            assertThatThrownBy(() -> decode(direct, bad)).as(bad).isInstanceOf(WrennProtocolException.class)
                    .hasMessageStartingWith("attach to 7 in cl-x: invalid frame from the service: ");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesInvalidUtf8(boolean direct) {
        byte[] prefix = "{\"type\":\"stdout\",\"data\":\"ab".getBytes(StandardCharsets.US_ASCII);
        for (byte[] invalid : new byte[][] {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe4, (byte) 0xb8}, {(byte) 0x80}}) {
            byte[] json = new byte[prefix.length + invalid.length + 2];
            System.arraycopy(prefix, 0, json, 0, prefix.length);
            System.arraycopy(invalid, 0, json, prefix.length, invalid.length);
            json[json.length - 2] = '"';
            json[json.length - 1] = '}';
            assertThatThrownBy(() -> decode(direct, json)).isInstanceOf(WrennProtocolException.class)
                    .hasMessageContaining("invalid frame from the service: malformed JSON");
        }
    }

    /** The text is scanned many bytes at a time: an escape or a wide character at every position is found. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsAnEscapeOrAWideCharacterAtEveryPosition(boolean direct) {
        Map<String, String> odd = Map.of("\\n", "\n", "\\\\", "\\", "\\\"", "\"", "\\u00e9", "\u00e9",
                "\u00e9", "\u00e9", "\ud83d\ude00", "\ud83d\ude00", "\\ud83d\\ude00", "\ud83d\ude00");
        for (int at = 0; at <= 80; at++) {
            String before = "a".repeat(at);
            String after = "b".repeat(80 - at);
            for (Map.Entry<String, String> entry : odd.entrySet()) {
                String json = "{\"type\":\"stdout\",\"data\":\"" + before + entry.getKey() + after + "\"}";
                assertThat(decode(direct, json)).as(json).isEqualTo(stdout(before + entry.getValue() + after));
            }
        }
    }

    /** Random text over every kind of character, written by Jackson and Go-style: it must come back unchanged. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsBackAnyTextAJsonWriterProduces(boolean direct) {
        Random random = new Random(15);
        String alphabet = "abcXYZ 019<>&\"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u00ff\u0100\u4e2d\u2028\u2029\ufffd\ud83d\ude00";
        for (int round = 0; round < 400; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(round < 200 ? 24 : 600);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String data = text.toString().replace("\ud83d\ude00", "!").replace("\ud83d", "").replace("\ude00", "")
                    + (random.nextBoolean() ? "\ud83d\ude00" : "");
            assertThat(decode(direct, jacksonFrame(data))).as(data).isEqualTo(stdout(data));
            assertThat(decode(direct, goStyleFrame(data))).as(data).isEqualTo(stdout(data));
        }
    }

    private static String jacksonFrame(String data) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("type", "stdout");
            json.writeStringProperty("data", data);
            json.writeEndObject();
        }
        return out.toString();
    }

    /** As the service writes: {@code <>&}, U+2028 and U+2029 escaped, everything else above ASCII raw. */
    private static String goStyleFrame(String data) {
        StringBuilder json = new StringBuilder("{\"type\":\"stdout\",\"data\":\"");
        for (char c : data.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append("\"}\n").toString();
    }

    @Test
    void decodesOnAnEventLoopWithoutBlocking() {
        List<String> frames = new ArrayList<>(List.of("{\"type\":\"stdout\",\"data\":\"fast \\u003c path\"}",
                "{\"type\":\"stdout\",\"data\":\"general\",\"extra\":[1]}"));
        frames.add(jacksonFrame("x".repeat(70_000))); // past the kept scratch array
        List<WireFrame> decoded = Mono.fromCallable(() -> frames.stream().map(json -> decode(true, json)).toList())
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(30));
        assertThat(decoded).containsExactly(stdout("fast < path"), stdout("general"), stdout("x".repeat(70_000)));
    }
}
