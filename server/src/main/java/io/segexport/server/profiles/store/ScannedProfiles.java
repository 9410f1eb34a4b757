package io.segexport.server.profiles.store;

import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Every profile of a tenant, by one scan of the profiles family. The scan reads ahead and does not
 * fill the block cache: it reads each block once, and would only push out what lookups keep there.
 */
final class ScannedProfiles implements ProfileChunks {
    private static final long READAHEAD_BYTES = 2L << 20;

    private final ReadOptions read;
    private final RocksIterator it;
    private final byte[] prefix;
    private final int chunkSize;

    ScannedProfiles(ProfileFamilies families, Snapshot snapshot, byte[] tenant, int chunkSize) {
        this.read = new ReadOptions().setSnapshot(snapshot).setFillCache(false).setReadaheadSize(READAHEAD_BYTES);
        this.it = families.db().newIterator(families.profiles(), read);
        this.prefix = tenant;
        this.chunkSize = chunkSize;
        it.seek(prefix);
    }

    @Override
    public List<byte[]> next() {
        List<byte[]> chunk = new ArrayList<>(chunkSize);
        while (chunk.size() < chunkSize && it.isValid() && Keys.startsWith(it.key(), prefix)) {
            chunk.add(it.value());
            it.next();
        }
        StoreException.checkScan(it, "could not read profiles");
        return chunk;
    }

    @Override
    public void close() {
        it.close();
        read.close();
    }
}
