package dev.wrenn.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * Reads and writes the API's JSON (the records of {@link Wire}) the way the upstream Go server does: compact,
 * snake_case, unknown fields ignored, field names matched case-insensitively, no coercion between types, and
 * strings escaped like Go's {@code encoding/json} ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as
 * <code>&#92;u003c</code>-style escapes, lowercase hex). U+FFFD is written as <code>&#92;ufffd</code> too: that
 * is how Go writes the invalid bytes it replaces, which is where the emulator's replacement characters come
 * from (see {@link GoUtf8}). Jackson's streaming core only; records are mapped through their components.
 */
final class Json {

    /** The field is left out when null or empty (as Go's {@code omitempty}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface OmitEmpty {
    }

    /** The field is left out when null (as Go's {@code omitempty} on a pointer). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface OmitNull {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .characterEscapes(new GoStyleEscapes())
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    /** Each record type's fields, in declaration order, found once. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Field[] fields = new Field[components.length];
            for (int i = 0; i < components.length; i++) {
                fields[i] = new Field(components[i]);
            }
            return fields;
        }
    };

    private Json() {
    }

    static byte[] write(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = FACTORY.createGenerator(ObjectWriteContext.empty(), bytes)) {
            writeValue(out, value);
        }
        return bytes.toByteArray();
    }

    static String writeString(Object value) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator out = FACTORY.createGenerator(ObjectWriteContext.empty(), text)) {
            writeValue(out, value);
        }
        return text.toString();
    }

    /**
     * Parses {@code json} as {@code type}.
     *
     * @throws ApiException {@code invalid_request} if it is not valid JSON for that type (empty input included)
     */
    static <T extends Record> T read(byte[] json, Class<T> type) {
        try (JsonParser in = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            in.nextToken();
            T value = readRecord(in, type);
            if (in.nextToken() != null) {
                throw invalid();
            }
            return value;
        } catch (JacksonException e) {
            throw invalid();
        }
    }

    static <T extends Record> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static ApiException invalid() {
        return ApiException.invalidRequest("invalid JSON body");
    }

    private static void writeValue(JsonGenerator out, Object value) {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Integer || value instanceof Long) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Collection<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                writeValue(out, element);
            }
            out.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeName((String) entry.getKey());
                writeValue(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Record record) {
            out.writeStartObject();
            for (Field field : FIELDS.get(record.getClass())) {
                Object fieldValue = field.get(record);
                if (!field.omits(fieldValue)) {
                    out.writeName(field.name);
                    writeValue(out, fieldValue);
                }
            }
            out.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    /** A record from the object at the current token; a JSON {@code null} or any other value is invalid. */
    private static <T extends Record> T readRecord(JsonParser in, Class<T> type) {
        if (in.currentToken() != JsonToken.START_OBJECT) {
            throw invalid();
        }
        Field[] fields = FIELDS.get(type);
        Object[] values = new Object[fields.length];
        for (String name; (name = in.nextName()) != null; ) {
            in.nextToken();
            int index = indexOf(fields, name);
            if (index < 0) {
                in.skipChildren();
            } else {
                values[index] = fields[index].read(in);
            }
        }
        for (int i = 0; i < fields.length; i++) {
            if (values[i] == null && fields[i].type.isPrimitive()) {
                values[i] = fields[i].type == boolean.class ? Boolean.FALSE : fields[i].zero();
            }
        }
        try {
            return type.cast(type.getDeclaredConstructor(types(fields)).newInstance(values));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static int indexOf(Field[] fields, String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name.equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Class<?>[] types(Field[] fields) {
        Class<?>[] types = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].type;
        }
        return types;
    }

    /** One record component: its JSON name, how it is left out, and how its value is read. */
    private static final class Field {
        final String name;
        final Class<?> type;
        private final RecordComponent component;
        private final boolean omitEmpty;
        private final boolean omitNull;

        Field(RecordComponent component) {
            this.component = component;
            this.name = snakeCase(component.getName());
            this.type = component.getType();
            this.omitEmpty = component.isAnnotationPresent(OmitEmpty.class);
            this.omitNull = component.isAnnotationPresent(OmitNull.class);
            component.getAccessor().setAccessible(true);
        }

        Object get(Record record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }

        boolean omits(Object value) {
            if (value == null) {
                return omitNull || omitEmpty;
            }
            return omitEmpty && (value instanceof String text && text.isEmpty()
                    || value instanceof Collection<?> list && list.isEmpty()
                    || value instanceof Map<?, ?> map && map.isEmpty());
        }

        Object zero() {
            return type == long.class ? (Object) 0L : (Object) 0;
        }

        /** The value at the current token, of exactly this field's JSON type, or {@code null}. */
        Object read(JsonParser in) {
            if (in.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (type == String.class) {
                return string(in);
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                if (in.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw invalid();
                }
                return type == Long.class || type == long.class ? (Object) in.getLongValue() : (Object) in.getIntValue();
            }
            if (type == Boolean.class || type == boolean.class) {
                if (!in.currentToken().isBoolean()) {
                    throw invalid();
                }
                return in.getBooleanValue();
            }
            if (type == List.class) {
                expect(in, JsonToken.START_ARRAY);
                List<String> list = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    list.add(in.currentToken() == JsonToken.VALUE_NULL ? null : string(in));
                }
                return list;
            }
            if (type == Map.class) {
                expect(in, JsonToken.START_OBJECT);
                Map<String, String> map = new LinkedHashMap<>();
                for (String key; (key = in.nextName()) != null; ) {
                    map.put(key, in.nextToken() == JsonToken.VALUE_NULL ? null : string(in));
                }
                return map;
            }
            throw new IllegalStateException("no JSON reading for " + type);
        }

        private static String string(JsonParser in) {
            expect(in, JsonToken.VALUE_STRING);
            return in.getString();
        }

        private static void expect(JsonParser in, JsonToken token) {
            if (in.currentToken() != token) {
                throw invalid();
            }
        }

        private static String snakeCase(String name) {
            StringBuilder out = new StringBuilder(name.length() + 4);
            for (char c : name.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    out.append('_').append(Character.toLowerCase(c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
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
