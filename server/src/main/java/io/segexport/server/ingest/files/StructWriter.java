package io.segexport.server.ingest.files;

import com.google.protobuf.CodedOutputStream;
import java.util.Arrays;

/**
 * Writes protobuf's wire format of a Struct into one reused buffer, field by field. A message's length
 * comes before it but is known only after it: one byte is kept for it, and the message moved on in the
 * rare case its length needs more.
 */
final class StructWriter {
    private byte[] buffer = new byte[4096];
    private int pos;

    void reset() {
        pos = 0;
    }

    /** Starts a length-delimited field; returns where its content starts, for {@link #end}. */
    int begin(int tag) {
        ensure(2);
        buffer[pos] = (byte) tag;
        pos += 2;
        return pos;
    }

    /** Ends the field {@link #begin} started, writing its length. */
    void end(int start) {
        int length = pos - start;
        int extra = CodedOutputStream.computeUInt32SizeNoTag(length) - 1;
        if (extra > 0) {
            ensure(extra);
            System.arraycopy(buffer, start, buffer, start + extra, length);
            pos += extra;
        }
        putVarint(start - 1, length);
    }

    /** A varint field (a bool, an enum). */
    void varint(int tag, boolean one) {
        ensure(2);
        buffer[pos++] = (byte) tag;
        buffer[pos++] = (byte) (one ? 1 : 0);
    }

    /** Bytes already encoded (whole fields). */
    void raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buffer, pos, encoded.length);
        pos += encoded.length;
    }

    /** A double field. */
    void fixed64(int tag, double value) {
        ensure(9);
        buffer[pos++] = (byte) tag;
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            buffer[pos++] = (byte) (bits >>> (8 * i));
        }
    }

    /** A string field, as UTF-8; false, writing nothing, when the text holds a lone surrogate, which UTF-8 cannot carry. */
    boolean string(int tag, char[] text, int offset, int length) {
        int bytes = utf8Length(text, offset, offset + length);
        if (bytes < 0) {
            return false;
        }
        ensure(1 + 5 + bytes);
        buffer[pos++] = (byte) tag;
        putVarint(pos, bytes);
        pos += CodedOutputStream.computeUInt32SizeNoTag(bytes);
        for (int i = offset; i < offset + length; i++) {
            char c = text[i];
            if (c < 0x80) {
                buffer[pos++] = (byte) c;
            } else if (c < 0x800) {
                buffer[pos++] = (byte) (0xC0 | c >>> 6);
                buffer[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)) {
                int code = Character.toCodePoint(c, text[++i]);
                buffer[pos++] = (byte) (0xF0 | code >>> 18);
                buffer[pos++] = (byte) (0x80 | code >>> 12 & 0x3F);
                buffer[pos++] = (byte) (0x80 | code >>> 6 & 0x3F);
                buffer[pos++] = (byte) (0x80 | code & 0x3F);
            } else {
                buffer[pos++] = (byte) (0xE0 | c >>> 12);
                buffer[pos++] = (byte) (0x80 | c >>> 6 & 0x3F);
                buffer[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return true;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, pos);
    }

    /** The UTF-8 length of {@code text[start, end)}, or -1 when it holds a lone surrogate. */
    private static int utf8Length(char[] text, int start, int end) {
        int bytes = end - start;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                    bytes += 2;
                    i++;
                } else {
                    return -1;
                }
            }
        }
        return bytes;
    }

    /** Writes {@code value} as a varint at {@code at}. */
    private void putVarint(int at, int value) {
        while ((value & ~0x7F) != 0) {
            buffer[at++] = (byte) (value & 0x7F | 0x80);
            value >>>= 7;
        }
        buffer[at] = (byte) value;
    }

    private void ensure(int more) {
        if (buffer.length - pos < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, pos + more));
        }
    }
}
