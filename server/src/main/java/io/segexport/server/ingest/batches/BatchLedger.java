package io.segexport.server.ingest.batches;

import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where ingestion batches are kept: each batch's public catalog record and, while it loads or is
 * processed, its state; and how two changes of one batch are kept from interleaving. On one node,
 * the embedded database and a lock ({@link LocalBatchLedger}); in a cluster, the job ledger, which
 * applies a change only if the batch is still as the change read it, and otherwise runs it again.
 */
public interface BatchLedger {
    /** A batch's state, with its record when it has one. */
    record Kept(IngestBatchState state, Optional<Batch> record) {}

    /**
     * Runs {@code change}, which reads and writes the batch, as one change of it: no other change of
     * the batch is made in between. It may run more than once, so its only effects are its reads and
     * writes of the batch (and work that may be done twice).
     */
    <T> T locked(Tenant tenant, String batchId, Supplier<T> change);

    Optional<Batch> record(Tenant tenant, String batchId);

    void putRecord(Tenant tenant, Batch batch);

    Optional<IngestBatchState> state(Tenant tenant, String batchId);

    void putState(Tenant tenant, IngestBatchState state);

    void deleteState(Tenant tenant, String batchId);

    /** Every batch state of every tenant, with its record: those left processing are resumed. */
    List<Kept> allStates();
}
