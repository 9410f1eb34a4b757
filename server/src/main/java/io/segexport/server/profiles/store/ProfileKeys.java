package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.store.Keys;
import java.nio.ByteBuffer;

/**
 * Key layout of the profile column families, each key starting with the tenant ({@link Keys}):
 * <ul>
 *   <li>profiles: tenant, primary namespace, primary id → StoredProfile. A tenant's profiles are one
 *       prefix scan, in key order.
 *   <li>identities: tenant, namespace, id → IdentityKey of the profile the identity is linked to.
 *   <li>events: tenant, primary namespace, primary id, ingest time (ms), event id → StoredEvent. A
 *       profile's events are one prefix scan, in ingest-time order; a time window is a range of it.
 * </ul>
 * Text parts are length-prefixed, so one profile's event prefix is never a prefix of another's.
 */
public final class ProfileKeys {
    private ProfileKeys() {}

    /** The key of a profile, and the prefix of all its events. */
    public static byte[] profile(byte[] tenant, IdentityKey primary) {
        return tenantAndIdentity(tenant, primary);
    }

    public static byte[] identity(byte[] tenant, IdentityKey identity) {
        return tenantAndIdentity(tenant, identity);
    }

    private static byte[] tenantAndIdentity(byte[] tenant, IdentityKey identity) {
        return Keys.withTexts(tenant, identity.getNamespaceBytes(), identity.getIdBytes());
    }

    /** Where a profile's events ingested at or after {@code ingestTime} start. */
    public static byte[] eventsFrom(byte[] profileKey, long ingestTime) {
        return Keys.startingWith(profileKey).number(Math.max(0, ingestTime)).toBytes();
    }

    static byte[] event(byte[] profileKey, long ingestTime, String eventId) {
        return Keys.startingWith(profileKey).number(ingestTime).text(eventId).toBytes();
    }

    /** The length of the profile key that starts an event key of a tenant whose prefix is {@code tenantLength} long. */
    static int profileKeyLengthOf(byte[] eventKey, int tenantLength) {
        int namespaceEnd = textEnd(eventKey, tenantLength);
        return textEnd(eventKey, namespaceEnd);
    }

    private static int textEnd(byte[] key, int offset) {
        return offset + 2 + (((key[offset] & 0xFF) << 8) | (key[offset + 1] & 0xFF));
    }

    /** The ingest time of an event key whose profile key is {@code profileKeyLength} bytes long. */
    static long ingestTimeOf(byte[] eventKey, int profileKeyLength) {
        return ByteBuffer.wrap(eventKey, profileKeyLength, 8).getLong();
    }
}
