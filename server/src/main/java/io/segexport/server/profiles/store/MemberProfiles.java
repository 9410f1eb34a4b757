package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.store.StoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The profiles {@link MemberKeys} names, read from the same snapshot by one iterator that seeks
 * forward from member to member: the keys come in order, so a seek often lands in the block the
 * last one read, and the blocks are read front to back, where a lookup per key (multiGet) searched
 * the index and decompressed a block for each. Like a scan, it leaves the block cache alone.
 */
final class MemberProfiles implements ProfileChunks {
    private final ReadOptions read;
    private final MemberKeys keys;
    private final RocksIterator it;
    private final int chunkSize;

    MemberProfiles(
            ProfileFamilies families,
            Snapshot snapshot,
            byte[] tenant,
            List<SegmentStatus> statuses,
            Predicate<Membership> accepts,
            int chunkSize) {
        this.read = new ReadOptions().setSnapshot(snapshot).setFillCache(false);
        this.keys = new MemberKeys(
                RocksCursor.opener(families.db(), families.memberships(), read), tenant, statuses, accepts);
        this.it = families.db().newIterator(families.profiles(), read);
        this.chunkSize = chunkSize;
    }

    @Override
    public List<byte[]> next() {
        List<byte[]> chunk = new ArrayList<>(chunkSize);
        byte[] key;
        while (chunk.size() < chunkSize && (key = keys.next()) != null) {
            it.seek(key);
            // The index and the profiles are written together, so each key has its profile in the snapshot.
            if (it.isValid() && Arrays.equals(it.key(), key)) {
                chunk.add(it.value());
            }
        }
        StoreException.checkScan(it, "could not read profiles");
        return chunk;
    }

    @Override
    public void close() {
        it.close();
        keys.close();
        read.close();
    }
}
