package io.segexport.server.profiles.store;

import io.segexport.server.store.Database.Family;
import io.segexport.server.store.StoreException;
import java.util.Collections;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** The embedded store as a {@link ProfileState}: reads from the database, writes into a batch the caller writes. */
final class DatabaseState implements ProfileState {
    private final ProfileFamilies families;
    private final WriteBatch batch;

    DatabaseState(ProfileFamilies families, WriteBatch batch) {
        this.families = families;
        this.batch = batch;
    }

    @Override
    public List<byte[]> read(Family family, List<byte[]> keys) {
        ColumnFamilyHandle handle = families.handle(family);
        try {
            return keys.size() == 1
                    ? Collections.singletonList(families.db().get(handle, keys.get(0)))
                    : families.db().multiGetAsList(Collections.nCopies(keys.size(), handle), keys);
        } catch (RocksDBException e) {
            throw new StoreException("could not read the profile store", e);
        }
    }

    @Override
    public void put(Family family, byte[] key, byte[] value) {
        try {
            batch.put(families.handle(family), key, value);
        } catch (RocksDBException e) {
            throw new StoreException("could not prepare a write of the profile store", e);
        }
    }

    @Override
    public void delete(Family family, byte[] key) {
        try {
            batch.delete(families.handle(family), key);
        } catch (RocksDBException e) {
            throw new StoreException("could not prepare a write of the profile store", e);
        }
    }
}
