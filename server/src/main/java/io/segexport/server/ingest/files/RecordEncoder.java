package io.segexport.server.ingest.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.common.base.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads one record's bytes in a single walk of Jackson's tokens, writing the encoded Struct and the
 * compact JSON as it goes, or says why the record is bad.
 */
final class RecordEncoder {
    // The wire tags of google.protobuf.Struct, its map entries, Value and ListValue.
    private static final int STRUCT_FIELDS = 0x0A;
    private static final int ENTRY_KEY = 0x0A;
    private static final int ENTRY_VALUE = 0x12;
    private static final int NULL_VALUE = 0x08;
    private static final int NUMBER_VALUE = 0x11;
    private static final int STRING_VALUE = 0x1A;
    private static final int BOOL_VALUE = 0x20;
    private static final int STRUCT_VALUE = 0x2A;
    private static final int LIST_VALUE = 0x32;
    private static final int LIST_VALUES = 0x0A;

    private final JsonFactory factory;
    private final int maxDepth;
    private final KeysSeen[] keys;
    private final EncodedKeys encodedKeys = new EncodedKeys(ENTRY_KEY);
    private final StructWriter struct = new StructWriter();
    private final ByteArrayOutputStream json = new ByteArrayOutputStream(4096);
    /** Reused from record to record; dropped when a bad record leaves it inside an object. */
    private JsonGenerator generator;

    RecordEncoder(int maxRecordBytes, int maxDepth) {
        this.factory = JsonFactory.builder()
                // Keys differ from file to file: neither String.intern nor failing on many that hash alike.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW)
                // The record's own limits come first, and say so; Jackson's bound numbers' digits.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + 1)
                        .maxNameLength(maxRecordBytes)
                        .maxStringLength(maxRecordBytes)
                        .build())
                .build();
        this.maxDepth = maxDepth;
        this.keys = new KeysSeen[maxDepth + 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new KeysSeen();
        }
    }

    /** Reads the record in {@code bytes[offset, offset + length)}; its encodings are then {@link #struct} and {@link #json}. */
    void encode(byte[] bytes, int offset, int length) throws BadRecord {
        struct.reset();
        json.reset();
        checkEncoding(bytes, offset, length);
        boolean done = false;
        try (JsonParser parser = factory.createParser(bytes, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadRecord("is not valid JSON: no value", 0, 0);
            }
            if (first == JsonToken.START_OBJECT) {
                generator().writeStartObject();
                object(parser, 1);
                generator.writeEndObject();
                generator.flush();
            } else {
                skip(parser, first);
            }
            checkEnd(parser);
            if (first != JsonToken.START_OBJECT) {
                throw new BadRecord("must be a JSON object, not " + kind(first));
            }
            done = true;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw where == null
                    ? new BadRecord("is not valid JSON: " + e.getOriginalMessage(), 0, 0)
                    : new BadRecord(
                            "is not valid JSON: " + e.getOriginalMessage(), where.getLineNr(), where.getColumnNr());
        } catch (IOException e) {
            // The bytes are in memory: Jackson's other exceptions are about them too.
            throw new BadRecord("is not valid JSON: " + e.getMessage(), 0, 0);
        } finally {
            if (!done) {
                generator = null;
            }
        }
    }

    byte[] struct() {
        return struct.toByteArray();
    }

    byte[] json() {
        return json.toByteArray();
    }

    /**
     * UTF-8 as the standard has it (Jackson lets overlong forms and encoded surrogates through), and no
     * NUL among the first bytes, from which Jackson would guess UTF-16 or UTF-32.
     */
    private static void checkEncoding(byte[] bytes, int offset, int length) throws BadRecord {
        if (!Utf8.isWellFormed(bytes, offset, length)) {
            throw new BadRecord("is not valid UTF-8");
        }
        for (int i = offset; i < offset + Math.min(length, 4); i++) {
            if (bytes[i] == 0) {
                throw new BadRecord("is not valid JSON: Illegal character (NUL)", 1, i - offset + 1);
            }
        }
    }

    /** The entries of an object {@code depth} levels deep, after its START_OBJECT. */
    private void object(JsonParser parser, int depth) throws IOException, BadRecord {
        checkDepth(depth);
        KeysSeen seen = keys[depth];
        seen.clear();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (!seen.add(key)) {
                throw new BadRecord("has the key " + quoted(key) + " twice");
            }
            EncodedKeys.EncodedKey encoded = encodedKeys.get(key);
            if (encoded == null) {
                throw loneSurrogate();
            }
            int entry = struct.begin(STRUCT_FIELDS);
            struct.raw(encoded.field());
            generator.writeFieldName(encoded.json());
            int value = struct.begin(ENTRY_VALUE);
            value(parser, parser.nextToken(), depth);
            struct.end(value);
            struct.end(entry);
        }
    }

    /** The elements of an array {@code depth} levels deep, after its START_ARRAY. */
    private void array(JsonParser parser, int depth) throws IOException, BadRecord {
        checkDepth(depth);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int element = struct.begin(LIST_VALUES);
            value(parser, token, depth);
            struct.end(element);
        }
    }

    /** One value inside a container {@code depth} levels deep: the fields of a Value. */
    private void value(JsonParser parser, JsonToken token, int depth) throws IOException, BadRecord {
        switch (token) {
            case START_OBJECT -> {
                int start = struct.begin(STRUCT_VALUE);
                generator.writeStartObject();
                object(parser, depth + 1);
                generator.writeEndObject();
                struct.end(start);
            }
            case START_ARRAY -> {
                int start = struct.begin(LIST_VALUE);
                generator.writeStartArray();
                array(parser, depth + 1);
                generator.writeEndArray();
                struct.end(start);
            }
            case VALUE_STRING -> {
                char[] text = parser.getTextCharacters();
                int offset = parser.getTextOffset();
                int length = parser.getTextLength();
                if (!struct.string(STRING_VALUE, text, offset, length)) {
                    throw loneSurrogate();
                }
                generator.writeString(text, offset, length);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                struct.fixed64(NUMBER_VALUE, JsonNumbers.asDouble(parser, token));
                generator.writeNumber(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                struct.varint(BOOL_VALUE, token == JsonToken.VALUE_TRUE);
                generator.writeBoolean(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                struct.varint(NULL_VALUE, false);
                generator.writeNull();
            }
            default -> throw new IllegalStateException("Jackson gave " + token + " for a value");
        }
    }

    private static BadRecord loneSurrogate() {
        return new BadRecord("has a string that is not valid Unicode (a lone surrogate)");
    }

    /** Walks a value that is not an object to its end, so that it is known to be valid JSON. */
    private void skip(JsonParser parser, JsonToken first) throws IOException, BadRecord {
        int depth = 0;
        for (JsonToken token = first; token != null; token = depth > 0 ? parser.nextToken() : null) {
            if (token.isStructStart()) {
                checkDepth(++depth);
            } else if (token.isStructEnd()) {
                depth--;
            }
        }
    }

    private static void checkEnd(JsonParser parser) throws IOException, BadRecord {
        if (parser.nextToken() != null) {
            JsonLocation where = parser.currentTokenLocation();
            throw new BadRecord("is not valid JSON: more after the record", where.getLineNr(), where.getColumnNr());
        }
    }

    private void checkDepth(int depth) throws BadRecord {
        if (depth > maxDepth) {
            throw new BadRecord("nests deeper than " + maxDepth + " levels");
        }
    }

    private JsonGenerator generator() {
        if (generator == null) {
            try {
                generator = factory.createGenerator(json);
            } catch (IOException e) {
                throw new UncheckedIOException("a generator on memory cannot fail", e);
            }
            // Records follow each other in the one output, each cut out of it alone.
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }

    /** The key as a JSON string, so that its quotes and controls cannot confuse the message. */
    private static String quoted(String key) {
        StringBuilder quoted = new StringBuilder(key.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(key, quoted);
        return quoted.append('"').toString();
    }
}
