package io.segexport.server.ingest.batches;

import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Ingestion batches: the public record in the catalog's batches, and, while a batch is loading or
 * processing, its internal state (files, progress), as its {@link BatchLedger} keeps them. Changes
 * to one batch are made as one change of it ({@link #locked}), so that an upload and a COMPLETE, or
 * two actions, cannot interleave.
 */
final class IngestBatches {
    private final BatchLedger ledger;
    private final Clock clock;

    IngestBatches(BatchLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    long now() {
        return clock.millis();
    }

    /** Runs {@code change} as one change of the batch; see {@link BatchLedger#locked}. */
    <T> T locked(Tenant tenant, String batchId, Supplier<T> change) {
        return ledger.locked(tenant, batchId, change);
    }

    /** The batch of the tenant, or a 404 naming it. */
    Batch batch(Tenant tenant, String batchId) {
        return find(tenant, batchId).orElseThrow(() -> ServiceErrors.notFound("batch " + batchId + " does not exist"));
    }

    /** The ingestion batch of the tenant, if there is one. */
    Optional<Batch> find(Tenant tenant, String batchId) {
        return ledger.record(tenant, batchId).filter(Batch::hasInputFormat);
    }

    Optional<IngestBatchState> state(Tenant tenant, String batchId) {
        return ledger.state(tenant, batchId);
    }

    /** The state of a batch that is loading, or a 400 saying what it is instead. */
    IngestBatchState loading(Tenant tenant, String batchId) {
        Batch batch = batch(tenant, batchId);
        if (!batch.getStatus().equals("loading")) {
            throw ServiceErrors.failedPrecondition(
                    "batch " + batchId + " is " + batch.getStatus() + ", no longer loading: it takes no more files");
        }
        return state(tenant, batchId)
                .orElseThrow(() -> new IllegalStateException("loading batch " + batchId + " has no state"));
    }

    void put(Tenant tenant, Batch batch) {
        ledger.putRecord(tenant, batch);
    }

    /** Rewrites the tenant's batch record as {@code change} says; call it under the batch's lock. */
    void change(Tenant tenant, String batchId, UnaryOperator<Batch.Builder> change) {
        put(tenant, change.apply(batch(tenant, batchId).toBuilder()).build());
    }

    void putState(IngestBatchState state) {
        ledger.putState(tenant(state), state);
    }

    void deleteState(IngestBatchState state) {
        ledger.deleteState(tenant(state), state.getBatchId());
    }

    /** Every batch state of every tenant, with its record: those left processing by a stop are resumed at start-up. */
    List<BatchLedger.Kept> allStates() {
        return ledger.allStates();
    }

    /** A new state of the tenant's batch: the inverse of {@link #tenant}. */
    static IngestBatchState.Builder newState(Tenant tenant, String batchId) {
        return IngestBatchState.newBuilder()
                .setOrgId(tenant.orgId())
                .setSandboxName(tenant.sandboxName())
                .setBatchId(batchId);
    }

    static Tenant tenant(IngestBatchState state) {
        return new Tenant(state.getOrgId(), state.getSandboxName());
    }
}
