package io.segexport.server.profiles.store;

import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.Tenant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * How many profiles each tenant has, kept in the meta family and changed in the same write batch
 * as the profiles, so that a job knows its total before it scans (for progress and time left).
 */
public final class ProfileCounts {
    /** How a segexport from before format versions marked a store whose counts exist. */
    private static final byte[] COUNTED = "profile_counts_v1".getBytes(StandardCharsets.UTF_8);

    private ProfileCounts() {}

    public static byte[] key(byte[] tenant) {
        return Keys.startingWith(tenant).text("profile_count").toBytes();
    }

    static long read(ProfileFamilies families, ReadOptions read, byte[] tenant) {
        try {
            return count(families.db().get(families.meta(), read, key(tenant)));
        } catch (RocksDBException e) {
            throw new StoreException("could not read a profile count", e);
        }
    }

    static long read(ProfileState state, byte[] tenant) {
        return count(state.read(Family.META, List.of(key(tenant))).get(0));
    }

    /** The count a stored value holds; 0 for none. */
    public static long count(byte[] value) {
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    static void put(ProfileState state, byte[] tenant, long count) {
        state.put(
                Family.META,
                key(tenant),
                ByteBuffer.allocate(Long.BYTES).putLong(count).array());
    }

    /**
     * Counts every tenant's profiles, for a store written before the counts (format 0); before any
     * write. A store of a segexport from before format versions that has its counts marks it
     * {@code profile_counts_v1}: it is not counted again, and the mark goes.
     */
    static void countAll(ProfileFamilies families, WriteOptions durableWrites) throws RocksDBException {
        if (families.db().get(families.meta(), COUNTED) != null) {
            families.db().delete(families.meta(), durableWrites, COUNTED);
            return;
        }
        Map<Tenant, Long> counts = new HashMap<>();
        try (ReadOptions scan = new ReadOptions().setFillCache(false);
                RocksIterator it = families.db().newIterator(families.profiles(), scan)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                counts.merge(Keys.tenantOf(it.key()), 1L, Long::sum);
            }
            it.status();
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<Tenant, Long> count : counts.entrySet()) {
                put(new DatabaseState(families, batch), Keys.tenant(count.getKey()), count.getValue());
            }
            families.db().write(durableWrites, batch);
        }
    }
}
