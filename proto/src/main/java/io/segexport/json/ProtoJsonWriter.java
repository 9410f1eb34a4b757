package io.segexport.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes protobuf messages as the documented JSON: proto3's JSON mapping, except that 64-bit
 * integers are JSON numbers ({@code "id": 100}), never strings, and that the fields the contract
 * marks are written empty too: fields without presence are left out at their default value, fields
 * with presence ({@code optional}) are written whenever set, and repeated and map fields are left
 * out when empty unless their options of {@code segexport/v1/json.proto} say otherwise (see
 * {@link WrittenFields}).
 */
public final class ProtoJsonWriter {
    /**
     * Characters beyond the BMP are written as 4-byte UTF-8: Jackson's default writes them as two
     * \\u escapes, which its own UTF-8 reader refuses inside field names (a record key "😀").
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private ProtoJsonWriter() {}

    public static void write(Message message, OutputStream out) throws IOException {
        try (JsonGenerator gen = generator(out)) {
            writeMessage(message, gen);
        }
    }

    public static String toJson(Message message) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            write(message, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A generator that writes the way this writer does, for callers that stream their own JSON around messages. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return JSON.createGenerator(out);
    }

    /** Writes a field name, well-formed (see {@link #wellFormed}). */
    public static void writeFieldName(String name, JsonGenerator gen) throws IOException {
        gen.writeFieldName(wellFormed(name));
    }

    /** Writes a string value, well-formed (see {@link #wellFormed}). */
    public static void writeString(String text, JsonGenerator gen) throws IOException {
        gen.writeString(wellFormed(text));
    }

    /**
     * Writes a Struct; {@code withoutNulls} leaves out the null fields of it and of the objects in its
     * fields, recursively (lists, and what is inside them, are written whole).
     */
    public static void writeStruct(Struct struct, JsonGenerator gen, boolean withoutNulls) throws IOException {
        gen.writeStartObject();
        for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
            Value value = field.getValue();
            if (withoutNulls && value.hasNullValue()) {
                continue;
            }
            gen.writeFieldName(wellFormed(field.getKey()));
            if (value.hasStructValue()) {
                writeStruct(value.getStructValue(), gen, withoutNulls);
            } else {
                writeValue(value, gen);
            }
        }
        gen.writeEndObject();
    }

    private static void writeMessage(Message message, JsonGenerator gen) throws IOException {
        if (message instanceof Struct struct) {
            writeStruct(struct, gen);
            return;
        }
        if (message instanceof Value value) {
            writeValue(value, gen);
            return;
        }
        if (message instanceof ListValue list) {
            writeList(list, gen);
            return;
        }
        gen.writeStartObject();
        for (FieldDescriptor field : WrittenFields.of(message)) {
            Object value = message.getField(field);
            gen.writeFieldName(field.getJsonName());
            if (field.isMapField()) {
                writeMap(field, (List<?>) value, gen);
            } else if (field.isRepeated()) {
                gen.writeStartArray();
                for (Object element : (List<?>) value) {
                    writeSingle(field, element, gen);
                }
                gen.writeEndArray();
            } else {
                writeSingle(field, value, gen);
            }
        }
        gen.writeEndObject();
    }

    private static void writeMap(FieldDescriptor field, List<?> entries, JsonGenerator gen) throws IOException {
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        gen.writeStartObject();
        for (Object element : entries) {
            Message entry = (Message) element;
            gen.writeFieldName(wellFormed(String.valueOf(entry.getField(keyField))));
            writeSingle(valueField, entry.getField(valueField), gen);
        }
        gen.writeEndObject();
    }

    private static void writeSingle(FieldDescriptor field, Object value, JsonGenerator gen) throws IOException {
        switch (field.getJavaType()) {
            case INT -> {
                if (isUnsigned(field)) {
                    gen.writeNumber(Integer.toUnsignedLong((Integer) value));
                } else {
                    gen.writeNumber((Integer) value);
                }
            }
            case LONG -> {
                if (isUnsigned(field)) {
                    gen.writeNumber(Long.toUnsignedString((Long) value));
                } else {
                    gen.writeNumber((Long) value);
                }
            }
            case FLOAT -> writeDouble((Float) value, gen);
            case DOUBLE -> writeDouble((Double) value, gen);
            case BOOLEAN -> gen.writeBoolean((Boolean) value);
            case STRING -> gen.writeString(wellFormed((String) value));
            case BYTE_STRING -> gen.writeString(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> writeEnum((EnumValueDescriptor) value, gen);
            case MESSAGE -> writeMessage((Message) value, gen);
        }
    }

    private static boolean isUnsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
    }

    private static void writeDouble(double value, JsonGenerator gen) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            gen.writeString(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        } else {
            gen.writeNumber(value);
        }
    }

    private static void writeEnum(EnumValueDescriptor value, JsonGenerator gen) throws IOException {
        if (value.getIndex() == -1) {
            gen.writeNumber(value.getNumber());
        } else {
            gen.writeString(value.getName());
        }
    }

    private static void writeStruct(Struct struct, JsonGenerator gen) throws IOException {
        writeStruct(struct, gen, false);
    }

    private static void writeList(ListValue list, JsonGenerator gen) throws IOException {
        gen.writeStartArray();
        for (Value value : list.getValuesList()) {
            writeValue(value, gen);
        }
        gen.writeEndArray();
    }

    public static void writeValue(Value value, JsonGenerator gen) throws IOException {
        switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> gen.writeNull();
            case NUMBER_VALUE -> writeNumberValue(value.getNumberValue(), gen);
            case STRING_VALUE -> gen.writeString(wellFormed(value.getStringValue()));
            case BOOL_VALUE -> gen.writeBoolean(value.getBoolValue());
            case STRUCT_VALUE -> writeStruct(value.getStructValue(), gen);
            case LIST_VALUE -> writeList(value.getListValue(), gen);
        }
    }

    /**
     * The text with each lone surrogate replaced by '?', as protobuf's own UTF-8 does: written as it
     * is, a lone surrogate would make the output invalid UTF-8, which no reader (ours included) takes.
     */
    static String wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return new String(
                            text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
                i++;
            }
        }
        return text;
    }

    /** Whole numbers print without a fraction, so a stored 3 reads back as 3, not 3.0. */
    public static void writeNumberValue(double number, JsonGenerator gen) throws IOException {
        // -0.0 is whole too, but as 0 it would read back as +0.0.
        if (number == Math.rint(number)
                && Math.abs(number) < 0x1p53
                && Double.doubleToRawLongBits(number) != Long.MIN_VALUE) {
            gen.writeNumber((long) number);
        } else {
            writeDouble(number, gen);
        }
    }
}
