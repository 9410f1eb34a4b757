package io.segexport.server.ingest.files;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.Map;

/**
 * Keys with their encodings made once: a file repeats the same few keys in every record, so encoding
 * each anew would be most of the work. Bounded: only short keys are kept, and not too many.
 */
final class EncodedKeys {
    private static final int MAX_KEYS = 4096;
    private static final int MAX_KEPT_LENGTH = 64;

    /** A key as a Struct map entry's key field (tag, length, UTF-8), and as JSON. */
    record EncodedKey(byte[] field, SerializedString json) {}

    private final Map<String, EncodedKey> keys = new HashMap<>();
    private final StructWriter scratch = new StructWriter();
    private final int tag;

    EncodedKeys(int tag) {
        this.tag = tag;
    }

    /** The key's encodings, or null when it holds a lone surrogate, which UTF-8 cannot carry. */
    EncodedKey get(String key) {
        EncodedKey encoded = keys.get(key);
        if (encoded != null) {
            return encoded;
        }
        scratch.reset();
        char[] chars = key.toCharArray();
        if (!scratch.string(tag, chars, 0, chars.length)) {
            return null;
        }
        encoded = new EncodedKey(scratch.toByteArray(), new SerializedString(key));
        if (key.length() <= MAX_KEPT_LENGTH) {
            if (keys.size() == MAX_KEYS) {
                keys.clear();
            }
            keys.put(key, encoded);
        }
        return encoded;
    }
}
