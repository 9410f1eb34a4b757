package io.segexport.server.profiles;

import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.store.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;

/** The profiles {@link MemberKeys} names, read by key in chunks (one multiGet each) from the same snapshot. */
final class MemberProfiles implements ProfileChunks {
    private final ProfileFamilies families;
    private final ReadOptions read;
    private final MemberKeys keys;
    private final int chunkSize;

    MemberProfiles(ProfileFamilies families, ReadOptions read, byte[] tenant, List<SegmentStatus> statuses,
                   Predicate<Membership> accepts, int chunkSize) {
        this.families = families;
        this.read = read;
        this.keys = new MemberKeys(families, read, tenant, statuses, accepts);
        this.chunkSize = chunkSize;
    }

    @Override
    public List<byte[]> next() {
        List<byte[]> chunk = new ArrayList<>(chunkSize);
        byte[] key;
        while (chunk.size() < chunkSize && (key = keys.next()) != null) {
            chunk.add(key);
        }
        if (chunk.isEmpty()) {
            return chunk;
        }
        try {
            List<byte[]> profiles = new ArrayList<>(families.db().multiGetAsList(read,
                    Collections.nCopies(chunk.size(), families.profiles()), chunk));
            // The index and the profiles are written together, so each key has its profile in the snapshot.
            profiles.removeIf(profile -> profile == null);
            return profiles;
        } catch (RocksDBException e) {
            throw new StoreException("could not read profiles", e);
        }
    }

    @Override
    public void close() {
        keys.close();
    }
}
