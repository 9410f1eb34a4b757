package io.segexport.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/** Stored values are protobuf bytes; one that does not parse is a store fault, never the caller's. */
public final class StoredValues {
    private StoredValues() {}

    /** The parsed value, null for null; a {@link StoreException} naming {@code what} when corrupt. */
    public static <T> T parse(Parser<T> parser, byte[] value, String what) {
        if (value == null) {
            return null;
        }
        try {
            return parser.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("a stored " + what + " is corrupt", e);
        }
    }
}
