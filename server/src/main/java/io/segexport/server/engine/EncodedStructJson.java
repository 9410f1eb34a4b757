package io.segexport.server.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.segexport.json.ProtoJsonWriter;
import java.io.IOException;

/**
 * Writes an encoded google.protobuf.Struct as JSON straight from its bytes, as
 * {@link ProtoJsonWriter#writeStruct} writes the parsed Struct with {@code withoutNulls}: the same
 * fields in the same order, null fields of objects left out (lists written whole), but without
 * building the maps and objects of a parsed Struct, which cost more than the JSON itself. It reads
 * what protobuf writes: each map entry's key before its value.
 */
final class EncodedStructJson {
    private static final int STRUCT_FIELDS = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ENTRY_KEY = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ENTRY_VALUE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int LIST_VALUES = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int NULL_VALUE = tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int NUMBER_VALUE = tag(2, WireFormat.WIRETYPE_FIXED64);
    private static final int STRING_VALUE = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BOOL_VALUE = tag(4, WireFormat.WIRETYPE_VARINT);
    private static final int STRUCT_VALUE = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int LIST_VALUE = tag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private EncodedStructJson() {}

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /**
     * Writes the Struct's fields, without the braces around them, into an object the caller has
     * started; its null fields, and those of the objects in its fields, are left out.
     */
    static void writeFields(CodedInputStream in, JsonGenerator gen) throws IOException {
        writeFields(in, gen, true);
    }

    private static void writeFields(CodedInputStream in, JsonGenerator gen, boolean withoutNulls) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag != STRUCT_FIELDS) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            writeField(in, gen, withoutNulls);
            skipRest(in);
            in.popLimit(limit);
        }
    }

    private static void writeField(CodedInputStream in, JsonGenerator gen, boolean withoutNulls) throws IOException {
        if (in.readTag() != ENTRY_KEY) {
            throw new IOException("a Struct field without its key first");
        }
        String key = in.readStringRequireUtf8();
        int tag = in.readTag();
        if (tag == 0) {
            ProtoJsonWriter.writeFieldName(key, gen);
            gen.writeNull();
            return;
        }
        if (tag != ENTRY_VALUE) {
            throw new IOException("a Struct field with something other than its value after its key");
        }
        int limit = in.pushLimit(in.readRawVarint32());
        int kind = in.readTag();
        if (withoutNulls && kind == NULL_VALUE) {
            in.skipField(kind);
        } else {
            ProtoJsonWriter.writeFieldName(key, gen);
            writeValue(kind, in, gen, withoutNulls);
        }
        skipRest(in);
        in.popLimit(limit);
    }

    /** Writes a Value whose first tag is {@code kind} (0 for a Value with no kind: null). */
    private static void writeValue(int kind, CodedInputStream in, JsonGenerator gen, boolean withoutNulls)
            throws IOException {
        if (kind == NULL_VALUE || kind == 0) {
            if (kind != 0) {
                in.skipField(kind);
            }
            gen.writeNull();
        } else if (kind == NUMBER_VALUE) {
            ProtoJsonWriter.writeNumberValue(in.readDouble(), gen);
        } else if (kind == STRING_VALUE) {
            // Stored text is well-formed UTF-8 (protobuf wrote it), so its bytes go out as they are, escaped
            // as writeString escapes, without decoding them to a String and encoding them again.
            byte[] utf8 = in.readByteArray();
            gen.writeUTF8String(utf8, 0, utf8.length);
        } else if (kind == BOOL_VALUE) {
            gen.writeBoolean(in.readBool());
        } else if (kind == STRUCT_VALUE) {
            int limit = in.pushLimit(in.readRawVarint32());
            gen.writeStartObject();
            writeFields(in, gen, withoutNulls);
            gen.writeEndObject();
            in.popLimit(limit);
        } else if (kind == LIST_VALUE) {
            int limit = in.pushLimit(in.readRawVarint32());
            writeList(in, gen);
            in.popLimit(limit);
        } else {
            throw new IOException("a Value of unknown kind (tag " + kind + ")");
        }
    }

    /** Writes a ListValue: whole, so the objects in it keep their null fields. */
    private static void writeList(CodedInputStream in, JsonGenerator gen) throws IOException {
        gen.writeStartArray();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag != LIST_VALUES) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            writeValue(in.readTag(), in, gen, false);
            skipRest(in);
            in.popLimit(limit);
        }
        gen.writeEndArray();
    }

    /** Skips what is left up to the current limit: fields a newer writer may have added. */
    private static void skipRest(CodedInputStream in) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            in.skipField(tag);
        }
    }
}
