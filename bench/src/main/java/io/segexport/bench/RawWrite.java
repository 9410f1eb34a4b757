package io.segexport.bench;

import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
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
import org.rocksdb.WriteBatch;

/**
 * The ceiling an ingest is compared with: the keys and values a load wrote (its profiles, identity
 * links and membership index entries), written again by RocksDB itself into a new store opened as
 * the server opens its own ({@link Database#open}: the same column families and options), in synced
 * batches that each hold a message's share of every family. Reading them from the loaded store
 * (opened read-only, which RocksDB allows while the server holds it) is left out of the time.
 */
final class RawWrite {
    private static final int OPEN_ATTEMPTS = 5;
    private static final List<Family> WRITTEN = List.of(Family.PROFILES, Family.IDENTITIES, Family.MEMBERSHIPS);

    static {
        RocksDB.loadLibrary();
    }

    /** The profiles written and how long their batches took to build and write. */
    record Result(long profiles, double seconds) {
        double profilesPerSecond() {
            return profiles / seconds;
        }
    }

    private RawWrite() {}

    /** Writes what {@code loaded} holds into a new store at {@code target}, {@code profilesPerBatch} a batch. */
    static Result copy(Path loaded, Path target, int profilesPerBatch) throws Exception {
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, loaded.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
                DBOptions options = new DBOptions()) {
            for (byte[] name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB source = openReadOnly(options, loaded, descriptors, handles);
                    Database copy = Database.open(target)) {
                try {
                    List<Source> sources = new ArrayList<>();
                    for (Family family : WRITTEN) {
                        sources.add(new Source(source, handle(names, handles, family), copy.family(family)));
                    }
                    return write(sources, copy, profilesPerBatch);
                } finally {
                    handles.forEach(ColumnFamilyHandle::close);
                }
            }
        }
    }

    /**
     * Opens the loaded store read-only; an open can fail while the server, flushing, removes a log
     * the open was reading, so it is tried again a few times.
     */
    private static RocksDB openReadOnly(
            DBOptions options, Path loaded, List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles)
            throws RocksDBException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return RocksDB.openReadOnly(options, loaded.toString(), descriptors, handles);
            } catch (RocksDBException e) {
                if (attempt == OPEN_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static ColumnFamilyHandle handle(List<byte[]> names, List<ColumnFamilyHandle> handles, Family family) {
        String wanted = family.name().toLowerCase();
        for (int i = 0; i < names.size(); i++) {
            if (new String(names.get(i), StandardCharsets.UTF_8).equals(wanted)) {
                return handles.get(i);
            }
        }
        throw new IllegalStateException("the loaded store has no column family " + wanted);
    }

    /** Batch k holds the k-th share of each family, as many shares as the profiles make batches. */
    private static Result write(List<Source> sources, Database copy, int profilesPerBatch) throws RocksDBException {
        long profiles = sources.get(0).count();
        long batches = Math.max(1, (profiles + profilesPerBatch - 1) / profilesPerBatch);
        long nanos = 0;
        for (long k = 1; k <= batches; k++) {
            List<List<byte[]>> shares = new ArrayList<>();
            for (Source source : sources) {
                shares.add(source.next(source.total * k / batches - source.taken));
            }
            long start = System.nanoTime();
            try (WriteBatch batch = new WriteBatch()) {
                for (int s = 0; s < sources.size(); s++) {
                    List<byte[]> share = shares.get(s);
                    for (int e = 0; e < share.size(); e += 2) {
                        batch.put(sources.get(s).target, share.get(e), share.get(e + 1));
                    }
                }
                copy.db().write(copy.durableWrites(), batch);
            }
            nanos += System.nanoTime() - start;
        }
        sources.forEach(Source::close);
        return new Result(profiles, nanos / 1e9);
    }

    /** One family of the loaded store, read in key order, and where its entries go. */
    private static final class Source {
        final ColumnFamilyHandle target;
        final long total;
        private final ReadOptions read = new ReadOptions().setFillCache(false);
        private final RocksIterator it;
        private long taken;

        Source(RocksDB db, ColumnFamilyHandle family, ColumnFamilyHandle target) throws RocksDBException {
            this.target = target;
            long entries = 0;
            try (RocksIterator counting = db.newIterator(family, read)) {
                for (counting.seekToFirst(); counting.isValid(); counting.next()) {
                    entries++;
                }
                counting.status();
            }
            this.total = entries;
            this.it = db.newIterator(family, read);
            it.seekToFirst();
        }

        long count() {
            return total;
        }

        /** The next {@code n} entries, key then value. */
        List<byte[]> next(long n) throws RocksDBException {
            List<byte[]> entries = new ArrayList<>();
            for (long i = 0; i < n && it.isValid(); i++, it.next()) {
                entries.add(it.key());
                entries.add(it.value());
            }
            it.status();
            taken += n;
            return entries;
        }

        void close() {
            it.close();
            read.close();
        }
    }
}
