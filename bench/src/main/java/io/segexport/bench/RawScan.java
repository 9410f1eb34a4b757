package io.segexport.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The ceiling an export is compared with: every key and value of the {@code profiles} column
 * family, read by RocksDB itself and nothing else, tuned (a snapshot, 4 MiB readahead, no block
 * cache fill). The store is opened read-only, which RocksDB allows while the server holds it.
 */
final class RawScan {
    private static final String PROFILES = "profiles";
    private static final long READAHEAD = 4 << 20;

    static {
        RocksDB.loadLibrary();
    }

    /** The keys read and how long the read took (the opening left out). */
    record Result(long keys, long bytes, double seconds) {
        double keysPerSecond() {
            return keys / seconds;
        }
    }

    private RawScan() {}

    static Result profiles(Path rocksDb) throws RocksDBException {
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, rocksDb.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        int profiles = -1;
        try (ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
                DBOptions options = new DBOptions()) {
            for (byte[] name : names) {
                if (new String(name, StandardCharsets.UTF_8).equals(PROFILES)) {
                    profiles = descriptors.size();
                }
                descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
            }
            if (profiles < 0) {
                throw new IllegalStateException("the store at " + rocksDb + " has no column family " + PROFILES);
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.openReadOnly(options, rocksDb.toString(), descriptors, handles)) {
                try {
                    return scan(db, handles.get(profiles));
                } finally {
                    handles.forEach(ColumnFamilyHandle::close);
                }
            }
        }
    }

    private static Result scan(RocksDB db, ColumnFamilyHandle family) throws RocksDBException {
        Snapshot snapshot = db.getSnapshot();
        long start = System.nanoTime();
        long keys = 0;
        long bytes = 0;
        try (ReadOptions read = new ReadOptions()
                        .setSnapshot(snapshot)
                        .setReadaheadSize(READAHEAD)
                        .setFillCache(false);
                RocksIterator it = db.newIterator(family, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                bytes += it.key().length + it.value().length;
                keys++;
            }
            it.status();
        } finally {
            db.releaseSnapshot(snapshot);
        }
        return new Result(keys, bytes, (System.nanoTime() - start) / 1e9);
    }
}
