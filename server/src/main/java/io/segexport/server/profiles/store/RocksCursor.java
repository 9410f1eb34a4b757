package io.segexport.server.profiles.store;

import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import java.util.function.Function;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * An {@link IndexCursor} on a RocksDB iterator, seeked to its prefix; a failed read throws at its
 * end. Each entry's key is copied out of RocksDB once, as it is reached.
 */
final class RocksCursor implements IndexCursor {
    private final RocksIterator it;
    private final byte[] prefix;
    /** The current entry's key; null past the prefix's last. */
    private byte[] key;

    private RocksCursor(RocksIterator it, byte[] prefix) {
        this.it = it;
        this.prefix = prefix;
        it.seek(prefix);
        reached();
    }

    /** Opens cursors on that family, read with {@code read} (its snapshot). */
    static Function<byte[], IndexCursor> opener(RocksDB db, ColumnFamilyHandle family, ReadOptions read) {
        return prefix -> new RocksCursor(db.newIterator(family, read), prefix);
    }

    private void reached() {
        key = it.isValid() ? it.key() : null;
        if (key == null || !Keys.startsWith(key, prefix)) {
            key = null;
            StoreException.checkScan(it, "could not read the index of memberships");
        }
    }

    @Override
    public boolean isValid() {
        return key != null;
    }

    @Override
    public byte[] key() {
        return key;
    }

    @Override
    public byte[] value() {
        return it.value();
    }

    @Override
    public void next() {
        it.next();
        reached();
    }

    @Override
    public void close() {
        it.close();
    }
}
