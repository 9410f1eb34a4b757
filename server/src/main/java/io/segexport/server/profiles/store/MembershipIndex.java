package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoredValues;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The index of segment memberships, in column family "memberships": (tenant, segment namespace,
 * segment id, status, the profile's key after the tenant) → the Membership. A segment's members of
 * one status are one prefix scan, in profile key order, so that an export of a segment reads its
 * members and never its non-members. It is written in the same batch as the profiles it mirrors,
 * so a snapshot sees both alike.
 */
final class MembershipIndex {
    /** How a segexport from before format versions marked a store whose index exists. */
    private static final byte[] INDEXED = "membership_index_v1".getBytes(StandardCharsets.UTF_8);

    private static final int PROFILES_PER_BATCH = 10_000;

    private MembershipIndex() {}

    /** The prefix of the index keys of one segment's members of one status. */
    static byte[] prefix(byte[] tenant, SegmentStatus range) {
        return Keys.startingWith(tenant)
                .text(range.namespace())
                .text(range.segmentId())
                .text(range.status())
                .toBytes();
    }

    /**
     * Writes into {@code state} what changes when a profile's memberships go from {@code before} to
     * {@code after} (namespace → segments): a membership whose status changed moves to its new key,
     * and one that is gone is removed.
     */
    static void update(
            ProfileState state,
            byte[] profileKey,
            int tenantLength,
            Map<String, SegmentMemberships> before,
            Map<String, SegmentMemberships> after) {
        byte[] tenant = Arrays.copyOf(profileKey, tenantLength);
        for (Map.Entry<String, SegmentMemberships> namespace : before.entrySet()) {
            Map<String, Membership> kept = after.getOrDefault(
                            namespace.getKey(), SegmentMemberships.getDefaultInstance())
                    .getSegmentsMap();
            for (Map.Entry<String, Membership> segment :
                    namespace.getValue().getSegmentsMap().entrySet()) {
                if (!kept.containsKey(segment.getKey())) {
                    state.delete(
                            Family.MEMBERSHIPS,
                            key(
                                    tenant,
                                    namespace.getKey(),
                                    segment.getKey(),
                                    segment.getValue().getStatus(),
                                    profileKey));
                }
            }
        }
        for (Map.Entry<String, SegmentMemberships> namespace : after.entrySet()) {
            Map<String, Membership> known = before.getOrDefault(
                            namespace.getKey(), SegmentMemberships.getDefaultInstance())
                    .getSegmentsMap();
            for (Map.Entry<String, Membership> segment :
                    namespace.getValue().getSegmentsMap().entrySet()) {
                Membership now = segment.getValue();
                Membership old = known.get(segment.getKey());
                if (now.equals(old)) {
                    continue;
                }
                if (old != null && !old.getStatus().equals(now.getStatus())) {
                    state.delete(
                            Family.MEMBERSHIPS,
                            key(tenant, namespace.getKey(), segment.getKey(), old.getStatus(), profileKey));
                }
                state.put(
                        Family.MEMBERSHIPS,
                        key(tenant, namespace.getKey(), segment.getKey(), now.getStatus(), profileKey),
                        now.toByteArray());
            }
        }
    }

    private static byte[] key(byte[] tenant, String namespace, String segmentId, String status, byte[] profileKey) {
        byte[] prefix = prefix(tenant, new SegmentStatus(namespace, segmentId, status));
        byte[] key = Arrays.copyOf(prefix, prefix.length + profileKey.length - tenant.length);
        System.arraycopy(profileKey, tenant.length, key, prefix.length, profileKey.length - tenant.length);
        return key;
    }

    /**
     * Indexes every stored profile, for a store written before the index (format 1); before any
     * write. A store of a segexport from before format versions that has its index marks it
     * {@code membership_index_v1}: it is not indexed again, and the mark goes. Index puts are
     * idempotent, so a run that stops halfway can run again whole.
     */
    static void indexAll(ProfileFamilies families, WriteOptions durableWrites) throws RocksDBException {
        if (families.db().get(families.meta(), INDEXED) != null) {
            families.db().delete(families.meta(), durableWrites, INDEXED);
            return;
        }
        try (ReadOptions scan = new ReadOptions().setFillCache(false);
                RocksIterator it = families.db().newIterator(families.profiles(), scan)) {
            WriteBatch batch = new WriteBatch();
            int inBatch = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                StoredProfile profile = StoredValues.parse(StoredProfile.parser(), it.value(), "profile");
                update(
                        new DatabaseState(families, batch),
                        key,
                        Keys.tenant(Keys.tenantOf(key)).length,
                        Map.of(),
                        profile.getSegmentMembershipMap());
                if (++inBatch == PROFILES_PER_BATCH) {
                    families.db().write(durableWrites, batch);
                    batch.close();
                    batch = new WriteBatch();
                    inBatch = 0;
                }
            }
            it.status();
            families.db().write(durableWrites, batch);
            batch.close();
        }
    }
}
