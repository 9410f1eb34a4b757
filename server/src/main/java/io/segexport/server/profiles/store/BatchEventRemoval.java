package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.StoredValues;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Removes a tenant's events of one ingestion batch: one pass over the tenant's events, reading only
 * those whose key has the batch's ingest time, deleting in synced batches of bounded size. Removing
 * an event already removed is a no-op, so a removal cut short by a crash is finished by running it
 * again. The writer lock is not needed: ingestion never reads events, and a batch that has ended
 * brings no more of them.
 */
public final class BatchEventRemoval {
    /** Deletes per write: bounds the memory a large batch's removal holds. */
    private static final int DELETES_PER_WRITE = 10_000;

    private final ProfileFamilies families;
    private final WriteOptions durableWrites;

    BatchEventRemoval(ProfileFamilies families, WriteOptions durableWrites) {
        this.families = families;
        this.durableWrites = durableWrites;
    }

    /**
     * Whether the tenant's event at {@code key} is one that batch {@code batchId} stored at {@code
     * ingestTime}: the key's ingest time is read first, so that the other events are not parsed.
     */
    public static boolean isOf(byte[] tenant, byte[] key, byte[] value, String batchId, long ingestTime) {
        return ProfileKeys.ingestTimeOf(key, ProfileKeys.profileKeyLengthOf(key, tenant.length)) == ingestTime
                && StoredValues.parse(StoredEvent.parser(), value, "event")
                        .getBatchId()
                        .equals(batchId);
    }

    long remove(byte[] tenant, String batchId, long ingestTime) {
        long removed = 0;
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = families.db().newIterator(families.events(), read)) {
            WriteBatch batch = new WriteBatch();
            try {
                for (it.seek(tenant); it.isValid() && Keys.startsWith(it.key(), tenant); it.next()) {
                    byte[] key = it.key();
                    if (!isOf(tenant, key, it.value(), batchId, ingestTime)) {
                        continue;
                    }
                    batch.delete(families.events(), key);
                    removed++;
                    if (batch.count() == DELETES_PER_WRITE) {
                        families.db().write(durableWrites, batch);
                        batch.close();
                        batch = new WriteBatch();
                    }
                }
                it.status();
                families.db().write(durableWrites, batch);
            } finally {
                batch.close();
            }
            return removed;
        } catch (RocksDBException e) {
            throw new StoreException("could not remove the events of batch " + batchId, e);
        }
    }
}
