package io.segexport.server.ingest.files;

import java.util.Arrays;

/**
 * The next record as a framer found it: its bytes (in the framer's window, good until its next call),
 * where it starts, and why it is bad when framing already tells.
 */
final class Frame {
    /** How much of a bad record's bytes it keeps. */
    static final int RAW_BYTES = 4096;

    long line;
    int column;
    byte[] bytes;
    int offset;
    int length;
    String error;

    void found(long line, int column, byte[] bytes, int offset, int length) {
        this.line = line;
        this.column = column;
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.error = null;
    }

    /** A bad record whose bytes the framer is about to drop: its first ones are copied. */
    void bad(long line, int column, byte[] bytes, int offset, int length, String error) {
        byte[] kept = Arrays.copyOfRange(bytes, offset, offset + Math.min(length, RAW_BYTES));
        found(line, column, kept, 0, kept.length);
        this.error = error;
    }

    /** The bytes as a bad record shows them: cut, and on one line. */
    byte[] raw() {
        byte[] raw = Arrays.copyOfRange(bytes, offset, offset + Math.min(length, RAW_BYTES));
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' || raw[i] == '\r') {
                raw[i] = ' ';
            }
        }
        return raw;
    }
}
