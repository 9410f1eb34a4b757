package io.segexport.server.store;

import io.segexport.server.store.Database.Family;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.rocksdb.RocksDBException;

/**
 * The format of the data in a database, kept in the meta family as {@code format_version}; a store
 * written before formats were numbered has none, and is format 0.
 */
public final class FormatVersion {
    private static final byte[] KEY = "format_version".getBytes(StandardCharsets.UTF_8);

    private FormatVersion() {}

    public static int of(Database database) {
        try {
            byte[] value = database.db().get(database.family(Family.META), KEY);
            return value == null ? 0 : ByteBuffer.wrap(value).getInt();
        } catch (RocksDBException e) {
            throw new StoreException("could not read the format version", e);
        }
    }

    /** Stores the format durably. */
    public static void set(Database database, int version) {
        try {
            database.db()
                    .put(
                            database.family(Family.META),
                            database.durableWrites(),
                            KEY,
                            ByteBuffer.allocate(Integer.BYTES).putInt(version).array());
        } catch (RocksDBException e) {
            throw new StoreException("could not store the format version", e);
        }
    }
}
