package io.segexport.server.profiles.store;

import io.segexport.server.store.Database.Family;
import java.util.List;

/**
 * The profile families (profiles, identities, events, memberships, meta) as an ingest chunk reads
 * and changes them: the embedded database, or in cluster mode the state stores of the partition that
 * owns the chunk's keys. What a chunk writes is put here once the chunk is complete; an
 * implementation applies it atomically (a RocksDB write batch, or a Kafka Streams task's commit).
 */
public interface ProfileState {
    /** The values of these keys in that family, in the keys' order, null where there is none. */
    List<byte[]> read(Family family, List<byte[]> keys);

    void put(Family family, byte[] key, byte[] value);

    void delete(Family family, byte[] key);
}
