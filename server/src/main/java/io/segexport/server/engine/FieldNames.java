package io.segexport.server.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.ByteString;
import io.segexport.json.ProtoJsonWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes field names given as their stored UTF-8 bytes. The rows of a job repeat the same few
 * attribute names, so each is decoded and escaped once, then copied as escaped bytes: decoding
 * and encoding every name of every row again took a fifth of an encoder's time. Up to
 * {@value #MAX_NAMES} names are kept; one instance serves one thread.
 */
final class FieldNames {
    private static final int MAX_NAMES = 4096;

    private final Map<ByteString, SerializedString> escaped = new HashMap<>();

    void write(ByteString utf8, JsonGenerator gen) throws IOException {
        SerializedString name = escaped.get(utf8);
        if (name != null) {
            gen.writeFieldName(name);
            return;
        }
        if (!utf8.isValidUtf8()) {
            throw new IOException("a Struct field whose key is not UTF-8");
        }
        String text = utf8.toStringUtf8();
        if (escaped.size() < MAX_NAMES) {
            escaped.put(utf8, new SerializedString(text));
        }
        ProtoJsonWriter.writeFieldName(text, gen);
    }
}
