package io.segexport.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The tenant prefix that starts every key, so that every scan stays inside one org and sandbox.
 * Both parts are length-prefixed, so that no tenant's keys are a prefix of another's.
 */
final class TenantKeys {
    private TenantKeys() {}

    static byte[] prefix(Tenant tenant) {
        byte[] org = tenant.orgId().getBytes(StandardCharsets.UTF_8);
        byte[] sandbox = tenant.sandboxName().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + org.length + sandbox.length)
                .putShort((short) org.length).put(org)
                .putShort((short) sandbox.length).put(sandbox)
                .array();
    }

    /** The tenant of a key that starts with {@link #prefix}. */
    static Tenant tenantOf(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        byte[] org = new byte[buffer.getShort()];
        buffer.get(org);
        byte[] sandbox = new byte[buffer.getShort()];
        buffer.get(sandbox);
        return new Tenant(new String(org, StandardCharsets.UTF_8), new String(sandbox, StandardCharsets.UTF_8));
    }

    /** The tenant prefix followed by a string id. */
    static byte[] withId(byte[] prefix, String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(prefix.length + bytes.length).put(prefix).put(bytes).array();
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
