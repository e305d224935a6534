package dev.wrenn.client.internal;

import dev.wrenn.client.WrennProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * A pull reader over one response body on Jackson's streaming parser: the checks every shape of the API needs,
 * in one place. Each read method starts at the current token (a value's first token) and leaves the parser on
 * that value's last token. Unknown fields are skipped; a value of the wrong type is a {@link WrennProtocolException}
 * naming the field.
 */
final class JsonReader {

    /** Reads one value, starting at its first token. */
    @FunctionalInterface
    interface Shape<T> {
        T read(JsonReader in);
    }

    private final JsonParser parser;
    private final String operation;

    private JsonReader(JsonParser parser, String operation) {
        this.parser = parser;
        this.operation = operation;
    }

    /**
     * Reads a whole body as {@code shape}; anything else, a JSON {@code null} or trailing content included, is
     * the service breaking the contract.
     */
    static <T> T read(byte[] body, Shape<T> shape, String operation) {
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw Json.malformed(operation, "empty response body");
            }
            T value = shape.read(new JsonReader(parser, operation));
            if (parser.nextToken() != null) {
                throw Json.malformed(operation, "trailing content after the JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw ErrorMapper.notJson(operation, e);
        }
    }

    boolean isNull() {
        return parser.currentToken() == JsonToken.VALUE_NULL;
    }

    /** Enters an object; {@code what} names it in errors. Then read its fields with {@link #nextField()}. */
    void startObject(String what) {
        expect(JsonToken.START_OBJECT, what, "an object");
    }

    /**
     * The next field's name, with the reader on its value, to be read or {@link #skip()}ped; {@code null} at
     * the end of the object.
     */
    String nextField() {
        String name = parser.nextName();
        if (name != null) {
            parser.nextToken();
        }
        return name;
    }

    /** The elements of an array, or an empty list for {@code null}; a {@code null} element is malformed. */
    <T> List<T> array(String what, Shape<T> element) {
        if (isNull()) {
            return List.of();
        }
        expect(JsonToken.START_ARRAY, what, "an array");
        List<T> out = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (isNull()) {
                throw malformed("'" + what + "' holds null");
            }
            out.add(element.read(this));
        }
        return out;
    }

    /** Text, or {@code null}; other scalars are taken as their text. */
    String string(String field) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw malformed("'" + field + "' is not a string");
        }
        return parser.getString();
    }

    /** A whole number, or {@code null}; a number in a string is taken as the number. */
    Long number(String field) {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getValueAsLong();
            case VALUE_STRING -> {
                try {
                    yield Long.valueOf(parser.getString().trim());
                } catch (NumberFormatException e) {
                    throw malformed("'" + field + "' is not a number");
                }
            }
            default -> throw malformed("'" + field + "' is not a number");
        };
    }

    /** As {@link #number}, where an absent value is 0. */
    long longOrZero(String field) {
        Long value = number(field);
        return value == null ? 0 : value;
    }

    /** As {@link #number}, where an absent value is 0 and the value fits an {@code int}. */
    int intOrZero(String field) {
        Long value = number(field);
        if (value == null) {
            return 0;
        }
        if (value != value.intValue()) {
            throw malformed("'" + field + "' is out of range");
        }
        return value.intValue();
    }

    /** A list of text, or {@code null}; a {@code null} element is malformed. */
    List<String> strings(String field) {
        return isNull() ? null : array(field, in -> in.string(field));
    }

    /** An object of text values, or {@code null}; a {@code null} value is malformed. */
    Map<String, String> stringMap(String field) {
        if (isNull()) {
            return null;
        }
        startObject(field);
        Map<String, String> out = new HashMap<>();
        String name;
        while ((name = nextField()) != null) {
            if (isNull()) {
                throw malformed("'" + field + "' holds null");
            }
            out.put(name, string(field));
        }
        return out;
    }

    /** Skips a value this client does not read, with everything inside it. */
    void skip() {
        parser.skipChildren();
    }

    String operation() {
        return operation;
    }

    WrennProtocolException malformed(String what) {
        return Json.malformed(operation, what);
    }

    private void expect(JsonToken token, String what, String kind) {
        if (parser.currentToken() != token) {
            throw malformed("'" + what + "' is not " + kind);
        }
    }
}
