package io.segexport.server.ingest.files;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.segexport.server.ingest.files.JsonRecordReader.Layout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The tests' reading of whole inputs, and protobuf's own reading to compare with. */
final class Records {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 32;

    private Records() {}

    static List<JsonRecord> read(String text, Layout layout) {
        return read(text.getBytes(StandardCharsets.UTF_8), layout, MAX_BYTES, MAX_DEPTH);
    }

    static List<JsonRecord> read(byte[] bytes, Layout layout, int maxBytes, int maxDepth) {
        try (JsonRecordReader reader =
                new JsonRecordReader(new ByteArrayInputStream(bytes), layout, maxBytes, maxDepth)) {
            List<JsonRecord> records = new ArrayList<>();
            for (JsonRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(JsonRecord record) {
        return new String(record.json(), StandardCharsets.UTF_8);
    }

    static Struct struct(JsonRecord record) {
        try {
            return Struct.parseFrom(record.struct());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the struct bytes do not parse", e);
        }
    }

    /** What protobuf's JsonFormat reads the JSON as. */
    static Struct jsonFormat(String json) {
        try {
            Struct.Builder struct = Struct.newBuilder();
            JsonFormat.parser().merge(json, struct);
            return struct.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("JsonFormat does not read " + json, e);
        }
    }
}
