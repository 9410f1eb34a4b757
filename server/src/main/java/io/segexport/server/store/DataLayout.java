package io.segexport.server.store;

import java.nio.file.Path;

/**
 * Where an installation keeps its data, under one folder: the RocksDB database, the files of
 * committed batches, the staging area where running jobs write, and the uploads of ingestion
 * batches. An export job's batch folder appears in {@link #batches()} only by an atomic rename from
 * staging; an ingestion batch writes its folder in place, served only once the batch has succeeded.
 *
 * <pre>
 * DATA_DIR/rocksdb/                      the database (jobs, profiles, catalog, ...)
 * DATA_DIR/batches/{batchId}/part-00000.json, part-00001.json, ...
 * DATA_DIR/staging/{jobId}-{attempt}/{batchId}/...
 * DATA_DIR/uploads/{batchId}/{fileName}          an ingestion batch's uploaded files, until processed
 * </pre>
 */
public record DataLayout(Path root) {
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
}
