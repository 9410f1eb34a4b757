package io.segexport.server.store;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds RocksDB keys part by part. Every key of a tenant's data starts with {@link #tenant}; a text
 * part is written as its UTF-8 length (2 bytes) then its bytes, so that no value's key is a prefix
 * of another value's key (tenant "a" never sees the keys of tenant "ab"), and a number part as 8
 * bytes big-endian, so that RocksDB's byte order is numeric order for non-negative numbers.
 */
public final class Keys {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    private Keys() {}

    /** The prefix of every key of a tenant: its org, then its sandbox. */
    public static byte[] tenant(Tenant tenant) {
        return new Keys().text(tenant.orgId()).text(tenant.sandboxName()).toBytes();
    }

    /** The tenant whose {@link #tenant} prefix starts {@code key}. */
    public static Tenant tenantOf(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        String org = text(buffer);
        return new Tenant(org, text(buffer));
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[Short.toUnsignedInt(buffer.getShort())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A key that starts with {@code prefix} (usually {@link #tenant}); parts follow. */
    public static Keys startingWith(byte[] prefix) {
        Keys key = new Keys();
        key.out.writeBytes(prefix);
        return key;
    }

    /**
     * The key {@code startingWith(prefix).text(first).text(second)}, from texts already in UTF-8 (as
     * protobuf keeps a string it parsed), built without a builder's copies: ingestion makes several
     * such keys a record.
     */
    public static byte[] withTexts(byte[] prefix, ByteString first, ByteString second) {
        byte[] key = new byte[prefix.length + 2 + first.size() + 2 + second.size()];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        int end = textAt(key, prefix.length, first);
        textAt(key, end, second);
        return key;
    }

    /** Writes a text part at {@code offset}; returns where it ends. */
    private static int textAt(byte[] key, int offset, ByteString utf8) {
        int length = checkedLength(utf8.size());
        key[offset] = (byte) (length >>> 8);
        key[offset + 1] = (byte) length;
        utf8.copyTo(key, offset + 2);
        return offset + 2 + length;
    }

    private static int checkedLength(int length) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("a key part is longer than 65535 bytes");
        }
        return length;
    }

    /** Appends a text part: 2-byte length, then UTF-8. */
    public Keys text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        checkedLength(bytes.length);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    /** Appends a number part: 8 bytes, big-endian. */
    public Keys number(long value) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
