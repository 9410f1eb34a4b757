package io.segexport.server.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksDBException;

/**
 * Where an installation keeps its data, under one folder: the RocksDB database, the files of
 * committed batches, the staging area where running jobs write, and the uploads and outputs of
 * ingestion batches. A batch's folder appears in {@link #batches()} only whole, by an atomic rename
 * from {@link #publishing()}, where its files are linked from staging or from the batch's output.
 *
 * <pre>
 * DATA_DIR/rocksdb/                      the database (jobs, profiles, catalog, ...)
 * DATA_DIR/batches/{batchId}/part-00000.json, part-00001.json, ...
 * DATA_DIR/staging/{jobId}-{attempt}/{batchId}/...
 * DATA_DIR/uploads/{batchId}/{fileName}          an ingestion batch's uploaded files, until processed
 * DATA_DIR/outputs/{batchId}/...                 what an ingestion batch writes, until processed
 * DATA_DIR/publishing/{batchId}/...              a batch's folder being put together
 * </pre>
 *
 * <p>Files are only ever added under these folders, or removed with {@link #remove}: a backup
 * ({@link #whileNothingIsRemoved}) sees the database and the files of one moment, since whatever the
 * database names is still on disk while the files are copied.
 */
public final class DataLayout {
    private final Path root;
    private final ReadWriteLock removals = new ReentrantReadWriteLock();

    public DataLayout(Path root) {
        this.root = root;
    }

    /** The folder it all lies under. */
    public Path root() {
        return root;
    }

    /** Removes {@code folder} and all in it (or the file), once no backup is being taken. */
    public void remove(Path folder) {
        Lock lock = removals.readLock();
        lock.lock();
        try {
            Folders.delete(folder);
        } finally {
            lock.unlock();
        }
    }

    /** What a backup does while nothing is removed. */
    @FunctionalInterface
    public interface Snapshot<T> {
        T take() throws IOException, RocksDBException;
    }

    /**
     * Runs {@code snapshot} while no {@link #remove} runs, or nothing when another snapshot is under
     * way: at most one at a time.
     */
    public <T> Optional<T> whileNothingIsRemoved(Snapshot<T> snapshot) throws IOException, RocksDBException {
        Lock lock = removals.writeLock();
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(snapshot.take());
        } finally {
            lock.unlock();
        }
    }

    public Path rocksDb() {
        return root.resolve("rocksdb");
    }

    public Path batches() {
        return root.resolve("batches");
    }

    /** The folder of a committed batch; {@code batchId} must be a checked resource id. */
    public Path batch(String batchId) {
        return batches().resolve(batchId);
    }

    /** The uploaded files of ingestion batches that are loading or processing, a folder each. */
    public Path uploads() {
        return root.resolve("uploads");
    }

    /** The uploads of one ingestion batch; {@code batchId} must be a checked resource id. */
    public Path upload(String batchId) {
        return uploads().resolve(batchId);
    }

    public Path staging() {
        return root.resolve("staging");
    }

    /** What ingestion batches being processed write, a folder each, until they are published. */
    public Path outputs() {
        return root.resolve("outputs");
    }

    /** The output of one ingestion batch being processed; {@code batchId} must be a checked resource id. */
    public Path output(String batchId) {
        return outputs().resolve(batchId);
    }

    /** Where a batch's folder is put together before it is renamed into {@link #batches()}. */
    public Path publishing() {
        return root.resolve("publishing");
    }
}
