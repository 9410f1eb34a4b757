package io.segexport.server.profiles.ingest;

import com.google.protobuf.UnsafeByteOperations;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Texts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an encoded record's shape against the call's limits, walking its Struct bytes once: objects
 * and arrays nest at most record-depth levels (the record itself being the first), and every string
 * and key is at most record-string-length characters. The record-depth limit is at most 32: each
 * level costs protobuf message levels in the stored profile, and protobuf parses at most 100, so a
 * deeper record could be stored but never read back. A value's path is spelled out only in the
 * error that refuses it. Bytes that protobuf reads otherwise than plainly end the walk with
 * {@link Irregular}: truncated or invalid bytes, invalid UTF-8, a repeated key, a value with two
 * kinds, a map entry with two keys or two values, a known field of another wire type, a group.
 */
final class WireRecordCheck {
    private static final int STRUCT_FIELDS = 1 << 3 | 2;
    private static final int ENTRY_KEY = 1 << 3 | 2;
    private static final int ENTRY_VALUE = 2 << 3 | 2;
    private static final int LIST_VALUES = 1 << 3 | 2;
    private static final int NULL_VALUE = 1 << 3;
    private static final int NUMBER_VALUE = 2 << 3 | 1;
    private static final int STRING_VALUE = 3 << 3 | 2;
    private static final int BOOL_VALUE = 4 << 3;
    private static final int STRUCT_VALUE = 5 << 3 | 2;
    private static final int LIST_VALUE = 6 << 3 | 2;
    /** Groups nest at most this deep here, as messages do in protobuf's parser. */
    private static final int MAX_GROUPS = 100;

    private final byte[] bytes;
    private final String record;
    private final Limits limits;
    /** The path of the value being walked: keys (String) and array indexes (Integer). */
    private final Object[] path;

    private int pathLength;
    private int pos;

    WireRecordCheck(byte[] bytes, String record, Limits limits) {
        this.bytes = bytes;
        this.record = record;
        this.limits = limits;
        this.path = new Object[limits.recordDepth() + 1];
    }

    /** Bytes that protobuf reads otherwise than plainly; cheap, as it only sends the record to be parsed. */
    static final class Irregular extends Exception {
        private static final long serialVersionUID = 1L;
        private static final Irregular INSTANCE = new Irregular();

        private Irregular() {
            super(null, null, false, false);
        }
    }

    /** The record's top-level fields, checked. */
    List<EncodedRecord.Entry> record() throws Irregular {
        List<EncodedRecord.Entry> entries = new ArrayList<>();
        struct(bytes.length, 1, entries);
        return entries;
    }

    /** Walks a Struct ending at {@code end}, {@code depth} levels deep; its entries go to {@code entries} when given. */
    private void struct(int end, int depth, List<EncodedRecord.Entry> entries) throws Irregular {
        checkDepth(depth);
        Set<String> keys = new HashSet<>();
        while (pos < end) {
            int start = pos;
            int tag = tag(end);
            if (tag != STRUCT_FIELDS) {
                skip(tag, end);
                continue;
            }
            int entryEnd = limit(end);
            String key = "";
            boolean keyGiven = false;
            int valueStart = -1;
            int valueEnd = -1;
            while (pos < entryEnd) {
                int entryTag = tag(entryEnd);
                if (entryTag == ENTRY_KEY && !keyGiven) {
                    int keyEnd = limit(entryEnd);
                    key = string(pos, keyEnd);
                    keyGiven = true;
                    pos = keyEnd;
                } else if (entryTag == ENTRY_VALUE && valueStart < 0) {
                    valueEnd = limit(entryEnd);
                    valueStart = pos;
                    pos = valueEnd;
                } else if (entryTag == ENTRY_KEY || entryTag == ENTRY_VALUE) {
                    throw Irregular.INSTANCE;
                } else {
                    skip(entryTag, entryEnd);
                }
            }
            if (!keys.add(key)) {
                throw Irregular.INSTANCE;
            }
            if (key.length() > limits.recordStringLength()) {
                throw ServiceErrors.invalidArgument(
                        path(),
                        "has a key longer than " + limits.recordStringLength() + " characters (the "
                                + Limit.RECORD_STRING_LENGTH.flagName() + " limit): \"" + Texts.shorten(key) + "\"");
            }
            if (entries != null) {
                entries.add(new EncodedRecord.Entry(key, start, entryEnd, valueStart, valueEnd));
            }
            if (valueStart >= 0) {
                path[pathLength++] = key;
                pos = valueStart;
                value(valueEnd, depth);
                pathLength--;
            }
            pos = entryEnd;
        }
    }

    /** Walks a Value ending at {@code end}, inside a container {@code depth} levels deep. */
    private void value(int end, int depth) throws Irregular {
        int kind = 0;
        int start = -1;
        int kindEnd = -1;
        while (pos < end) {
            int tag = tag(end);
            switch (tag) {
                case NULL_VALUE, BOOL_VALUE -> {
                    kind = onlyKind(kind, tag);
                    varint(end);
                }
                case NUMBER_VALUE -> {
                    kind = onlyKind(kind, tag);
                    advance(8, end);
                }
                case STRING_VALUE, STRUCT_VALUE, LIST_VALUE -> {
                    kind = onlyKind(kind, tag);
                    kindEnd = limit(end);
                    start = pos;
                    pos = kindEnd;
                }
                default -> skip(tag, end);
            }
        }
        switch (kind) {
            case STRING_VALUE -> {
                if (string(start, kindEnd).length() > limits.recordStringLength()) {
                    throw ServiceErrors.invalidArgument(
                            path(),
                            "must be at most " + limits.recordStringLength() + " characters (the "
                                    + Limit.RECORD_STRING_LENGTH.flagName() + " limit)");
                }
            }
            case STRUCT_VALUE -> {
                pos = start;
                struct(kindEnd, depth + 1, null);
            }
            case LIST_VALUE -> {
                pos = start;
                list(kindEnd, depth + 1);
            }
            default -> {}
        }
        pos = end;
    }

    /** Walks a ListValue ending at {@code end}, {@code depth} levels deep. */
    private void list(int end, int depth) throws Irregular {
        checkDepth(depth);
        int index = 0;
        while (pos < end) {
            int tag = tag(end);
            if (tag != LIST_VALUES) {
                skip(tag, end);
                continue;
            }
            int elementEnd = limit(end);
            path[pathLength++] = index++;
            value(elementEnd, depth);
            pathLength--;
            pos = elementEnd;
        }
    }

    private static int onlyKind(int kind, int tag) throws Irregular {
        if (kind != 0) {
            throw Irregular.INSTANCE;
        }
        return tag;
    }

    private void checkDepth(int depth) {
        if (depth > limits.recordDepth()) {
            throw ServiceErrors.invalidArgument(
                    record,
                    "nests objects and arrays deeper than " + limits.recordDepth() + " levels (the "
                            + Limit.RECORD_DEPTH.flagName() + " limit)");
        }
    }

    private String path() {
        StringBuilder spelled = new StringBuilder(record);
        for (int i = 0; i < pathLength; i++) {
            if (path[i] instanceof String key) {
                spelled.append('.').append(key);
            } else {
                spelled.append('[').append(path[i]).append(']');
            }
        }
        return spelled.toString();
    }

    /** A string's bytes from {@code start} to {@code end}, decoded; Irregular unless valid UTF-8. */
    private String string(int start, int end) throws Irregular {
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                if (!UnsafeByteOperations.unsafeWrap(bytes, start, end - start).isValidUtf8()) {
                    throw Irregular.INSTANCE;
                }
                break;
            }
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** A field's tag; Irregular for a reserved wire type or field number 0. */
    private int tag(int end) throws Irregular {
        long tag = varint(end);
        if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE || (tag & 7) > 5) {
            throw Irregular.INSTANCE;
        }
        return (int) tag;
    }

    /**
     * Skips a field of a number (or wire type) the message does not know: protobuf keeps it, and so
     * does ingestion, as part of the bytes it copies. An end of group out of place is Irregular.
     */
    private void skip(int tag, int end) throws Irregular {
        skip(tag, end, 0);
    }

    private void skip(int tag, int end, int groups) throws Irregular {
        switch (tag & 7) {
            case 0 -> varint(end);
            case 1 -> advance(8, end);
            case 2 -> pos = limit(end);
            case 3 -> {
                if (groups >= MAX_GROUPS) {
                    throw Irregular.INSTANCE;
                }
                int groupEnd = tag >>> 3 << 3 | 4;
                for (int inner = tag(end); inner != groupEnd; inner = tag(end)) {
                    skip(inner, end, groups + 1);
                }
            }
            case 5 -> advance(4, end);
            default -> throw Irregular.INSTANCE;
        }
    }

    /** Reads a length and returns where the delimited bytes end, which must be within {@code end}. */
    private int limit(int end) throws Irregular {
        long length = varint(end);
        if (length > end - pos) {
            throw Irregular.INSTANCE;
        }
        return pos + (int) length;
    }

    private void advance(int count, int end) throws Irregular {
        if (count > end - pos) {
            throw Irregular.INSTANCE;
        }
        pos += count;
    }

    private long varint(int end) throws Irregular {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw Irregular.INSTANCE;
            }
            byte b = bytes[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw Irregular.INSTANCE;
    }
}
