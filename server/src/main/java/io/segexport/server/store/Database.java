package io.segexport.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.StatsLevel;
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
        MEMBERSHIPS("memberships".getBytes()),
        SEGMENT_DEFINITIONS("segment_definitions".getBytes()),
        /** Ingestion batches loading or processing, of every tenant: their files and progress. */
        INGEST_BATCHES("ingest_batches".getBytes()),
        /** Batches whose record is removed and whose files may not be yet, of every tenant. */
        BATCH_REMOVALS("batch_removals".getBytes());

        private final byte[] name;

        Family(byte[] name) {
            this.name = name;
        }

        /** Families that ingestion reads key by key, most lookups missing (new identities, new profiles). */
        boolean pointRead() {
            return this == PROFILES || this == IDENTITIES;
        }
    }

    /** Block cache shared by the point-read families: the identity links and the profiles being updated. */
    private static final long BLOCK_CACHE_BYTES = 256L << 20;

    private static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
    private static final double BLOOM_BITS_PER_KEY = 10;

    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    private final ColumnFamilyOptions pointReadOptions;
    private final LRUCache blockCache;
    private final Statistics statistics;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final WriteOptions durableWrites;
    private final boolean created;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    private Database(
            DBOptions options,
            ColumnFamilyOptions familyOptions,
            ColumnFamilyOptions pointReadOptions,
            LRUCache blockCache,
            Statistics statistics,
            RocksDB db,
            List<ColumnFamilyHandle> handles,
            boolean created) {
        this.options = options;
        this.familyOptions = familyOptions;
        this.pointReadOptions = pointReadOptions;
        this.blockCache = blockCache;
        this.statistics = statistics;
        this.db = db;
        this.handles = handles;
        this.durableWrites = new WriteOptions().setSync(true);
        this.created = created;
    }

    /**
     * Opens (or creates) the database in {@code dir}; fails if another process has it open. The
     * point-read families get bloom filters, so that a lookup of an unknown key (every identity of a
     * new profile) rarely reads a block, and a block cache for hot data. Index and filter blocks stay
     * in each table's reader, outside the cache: in it, data blocks evicted them, and every lookup
     * read and decompressed a whole index block again (most of ingestion's time on a 1 M store).
     */
    public static Database open(Path dir) throws RocksDBException, IOException {
        Files.createDirectories(dir);
        // A family written a little with every batch (meta's counts) never fills its memtable, so it
        // would hold every write-ahead log since its last flush: 3.9 GiB of logs beside 0.6 GiB of
        // tables while loading 10 M profiles. Past this total, the families holding the oldest log flush.
        // For the block cache's hits and the write stalls; RocksJava's cheapest level, which leaves out
        // the detailed timers (and, of the levels it offers, only those) that cost on every read.
        Statistics statistics = new Statistics();
        statistics.setStatsLevel(StatsLevel.EXCEPT_DETAILED_TIMERS);
        DBOptions options = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
                .setStatistics(statistics);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        LRUCache blockCache = new LRUCache(BLOCK_CACHE_BYTES);
        ColumnFamilyOptions pointReadOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(blockCache)
                        .setFilterPolicy(new BloomFilter(BLOOM_BITS_PER_KEY)));
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (Family family : Family.values()) {
            descriptors.add(
                    new ColumnFamilyDescriptor(family.name, family.pointRead() ? pointReadOptions : familyOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        // RocksDB writes CURRENT when it creates a database, and every database has one.
        boolean created = !Files.exists(dir.resolve("CURRENT"));
        try {
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
            return new Database(options, familyOptions, pointReadOptions, blockCache, statistics, db, handles, created);
        } catch (RocksDBException e) {
            statistics.close();
            pointReadOptions.close();
            blockCache.close();
            familyOptions.close();
            options.close();
            // RocksDB takes a lock file in its folder: "While lock file: DIR/LOCK: Resource temporarily
            // unavailable" from another process, "lock hold by current process" from this one.
            String message = String.valueOf(e.getMessage());
            if (message.contains("While lock file") || message.contains("lock hold by current process")) {
                throw new DataFolderInUseException(dir, e);
            }
            throw e;
        }
    }

    /** Whether this open created the database: it held nothing before. */
    public boolean created() {
        return created;
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

    /** The database's counters (block cache hits and misses, write stalls), since it was opened. */
    public Statistics statistics() {
        return statistics;
    }

    /** The block cache of the point-read families. */
    public LRUCache blockCache() {
        return blockCache;
    }

    /**
     * {@code read} of the open database, or {@code closedValue} once it is closed: for readers that
     * run on their own time, such as metrics scraped while the server stops, for which a read of a
     * closed RocksDB would crash the process rather than throw.
     */
    public <T> T whileOpen(Supplier<T> read, T closedValue) {
        closing.readLock().lock();
        try {
            return closed ? closedValue : read.get();
        } finally {
            closing.readLock().unlock();
        }
    }

    /**
     * Writes a checkpoint of the database to {@code dir}, which must not exist: a database of its
     * own, as of now, whose tables are hard links to this one's where they share a file system.
     */
    public void checkpoint(Path dir) throws IOException, RocksDBException {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IOException("the database is closing");
            }
            try (Checkpoint checkpoint = Checkpoint.create(db)) {
                checkpoint.createCheckpoint(dir.toString());
            }
        } finally {
            closing.readLock().unlock();
        }
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        durableWrites.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        pointReadOptions.close();
        blockCache.close();
        familyOptions.close();
        options.close();
        statistics.close();
    }
}
