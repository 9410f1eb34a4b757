package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.StoredValues;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.rocksdb.RocksIterator;

/** A tenant's profiles in key order, read one at a time from a {@link ProfileSnapshot}. Close it when done. */
public final class ProfileIterator implements Iterator<StoredProfile>, AutoCloseable {
    private final RocksIterator it;
    private final byte[] prefix;

    ProfileIterator(RocksIterator it, byte[] prefix) {
        this.it = it;
        this.prefix = prefix;
        it.seek(prefix);
    }

    @Override
    public boolean hasNext() {
        if (it.isValid()) {
            return Keys.startsWith(it.key(), prefix);
        }
        StoreException.checkScan(it, "could not read profiles");
        return false;
    }

    @Override
    public StoredProfile next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StoredProfile profile = StoredValues.parse(StoredProfile.parser(), it.value(), "profile");
        it.next();
        return profile;
    }

    @Override
    public void close() {
        it.close();
    }
}
