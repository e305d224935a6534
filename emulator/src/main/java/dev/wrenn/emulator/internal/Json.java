package dev.wrenn.emulator.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the API's JSON the way the upstream Go server does: compact, snake_case, unknown fields
 * ignored, field names matched case-insensitively, and strings escaped like Go's {@code encoding/json}
 * ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as <code>&#92;u003c</code>-style escapes, lowercase hex).
 * U+FFFD is written as <code>&#92;ufffd</code> too: that is how Go writes the invalid bytes it replaces, which
 * is where the emulator's replacement characters come from (see {@link GoUtf8}).
 */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .characterEscapes(new GoStyleEscapes())
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            // Go does not turn "5" into 5 or 1.5 into 1; neither do we.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private Json() {
    }

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /**
     * Parses {@code json} as {@code type}.
     *
     * @throws ApiException {@code invalid_request} if it is not valid JSON for that type (empty input included)
     */
    static <T> T read(byte[] json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw ApiException.invalidRequest("invalid JSON body");
            }
            return value;
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("invalid JSON body");
        }
    }

    static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    /** Go's {@code encoding/json} escapes HTML-significant characters and the JavaScript line separators. */
    private static final class GoStyleEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
        private static final SerializedString REPLACEMENT = new SerializedString("\\ufffd");

        private final int[] asciiEscapes = standardAsciiEscapesForJSON();

        GoStyleEscapes() {
            asciiEscapes['<'] = ESCAPE_STANDARD;
            asciiEscapes['>'] = ESCAPE_STANDARD;
            asciiEscapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                case 0xFFFD -> REPLACEMENT;
                default -> null;
            };
        }
    }
}
