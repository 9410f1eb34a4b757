package io.segexport.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The one RocksDB database of an installation and its column families. Writes that must survive a
 * crash go through {@link #durableWrites()}, which syncs the write-ahead log before answering.
 */
public final class Database implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** The column families, in the order they are opened; new ones go last (they are created on open). */
    public enum Family {
        DEFAULT(RocksDB.DEFAULT_COLUMN_FAMILY),
        JOBS("jobs".getBytes()),
        JOBS_BY_TIME("jobs_by_time".getBytes()),
        JOBS_BY_STATUS("jobs_by_status".getBytes()),
        META("meta".getBytes()),
        DATASETS("datasets".getBytes()),
        BATCHES("batches".getBytes()),
        JOBS_ACTIVE("jobs_active".getBytes()),
        MERGE_POLICIES("merge_policies".getBytes()),
        PROFILES("profiles".getBytes()),
        IDENTITIES("identities".getBytes()),
        EVENTS("events".getBytes()),
        MEMBERSHIPS("memberships".getBytes());

        private final byte[] name;

        Family(byte[] name) {
            this.name = name;
        }
    }

    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final WriteOptions durableWrites;

    private Database(DBOptions options, ColumnFamilyOptions familyOptions, RocksDB db, List<ColumnFamilyHandle> handles) {
        this.options = options;
        this.familyOptions = familyOptions;
        this.db = db;
        this.handles = handles;
        this.durableWrites = new WriteOptions().setSync(true);
    }

    /** Opens (or creates) the database in {@code dir}; fails if another process has it open. */
    public static Database open(Path dir) throws RocksDBException, java.io.IOException {
        Files.createDirectories(dir);
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (Family family : Family.values()) {
            descriptors.add(new ColumnFamilyDescriptor(family.name, familyOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            return new Database(options, familyOptions, db, handles);
        } catch (RocksDBException e) {
            familyOptions.close();
            options.close();
            throw e;
        }
    }

    public RocksDB db() {
        return db;
    }

    public ColumnFamilyHandle family(Family family) {
        return handles.get(family.ordinal());
    }

    /** Synced writes: the write-ahead log is on disk before the write returns. */
    public WriteOptions durableWrites() {
        return durableWrites;
    }

    @Override
    public void close() {
        durableWrites.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        familyOptions.close();
        options.close();
    }
}
