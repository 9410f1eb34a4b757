package io.segexport.server.retention;

import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.catalog.BatchDeletion;
import io.segexport.server.ingest.batches.BatchLedger;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.retention.stored.BatchRemoval;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes batches, exported and ingested alike, so that no stop leaves files that no record names:
 * the removal is written down first, then the catalog record goes (from then on every reader finds
 * no batch), then the files, then the removal. A stop or a failing batch store in between leaves the
 * removal, which {@link #resume} finishes. Each batch is removed under its ledger lock, so that no
 * ingestion change (a REVERT, the end of processing) writes its record back.
 */
public final class BatchRemovals implements BatchDeletion {
    private static final Logger logger = LoggerFactory.getLogger(BatchRemovals.class);

    private final BatchLedger ledger;
    private final Records<Batch> batches;
    private final Records<BatchRemoval> pending;
    private final BatchStore files;
    private final Clock clock;

    public BatchRemovals(
            BatchLedger ledger, Records<Batch> batches, Records<BatchRemoval> pending, BatchStore files, Clock clock) {
        this.ledger = ledger;
        this.batches = batches;
        this.pending = pending;
        this.files = files;
        this.clock = clock;
    }

    @Override
    public void delete(Tenant tenant, String batchId) {
        BatchRemoval removal = ledger.locked(tenant, batchId, () -> {
            Batch batch = batches.get(tenant, batchId)
                    .orElseThrow(() -> ServiceErrors.notFound("batch " + batchId + " does not exist"));
            busy(tenant, batch).ifPresent(status -> {
                throw ServiceErrors.failedPrecondition("batch " + batchId + " is " + status
                        + ": only a batch that has ended can be deleted (abort it, or let it end first)");
            });
            return begin(tenant, batchId);
        });
        finish(removal);
    }

    /** Removes the batch when it has ended and {@code expired} accepts its record; answers whether it did. */
    boolean removeIfEnded(Tenant tenant, String batchId, Predicate<Batch> expired) {
        Optional<BatchRemoval> removal = ledger.locked(
                tenant,
                batchId,
                () -> batches.get(tenant, batchId)
                        .filter(batch -> busy(tenant, batch).isEmpty() && expired.test(batch))
                        .map(batch -> begin(tenant, batchId)));
        removal.ifPresent(this::finish);
        return removal.isPresent();
    }

    /** Finishes the removals that a stop or a failing batch store left; answers how many there were. */
    public int resume() {
        int resumed = 0;
        for (BatchRemoval removal : pending.all()) {
            // The stop may have come before the record went.
            batches.delete(tenant(removal), removal.getBatchId());
            finish(removal);
            resumed++;
        }
        return resumed;
    }

    /** What keeps the batch from being removed now, if anything: it is loading, processing or being reverted. */
    private Optional<String> busy(Tenant tenant, Batch batch) {
        if (ledger.state(tenant, batch.getId())
                .filter(IngestBatchState::getReverting)
                .isPresent()) {
            return Optional.of("being reverted");
        }
        String status = batch.getStatus();
        return status.equals("loading") || status.equals("processing") ? Optional.of(status) : Optional.empty();
    }

    private BatchRemoval begin(Tenant tenant, String batchId) {
        BatchRemoval removal = BatchRemoval.newBuilder()
                .setOrgId(tenant.orgId())
                .setSandboxName(tenant.sandboxName())
                .setBatchId(batchId)
                .setRequested(clock.millis())
                .build();
        pending.put(tenant, batchId, removal);
        batches.delete(tenant, batchId);
        return removal;
    }

    /** Removes the files, then the removal; a batch store that fails leaves the removal for {@link #resume}. */
    private void finish(BatchRemoval removal) {
        try {
            files.delete(removal.getBatchId());
        } catch (IOException | RuntimeException e) {
            logger.warn("The files of removed batch {} stay until the next sweep", removal.getBatchId(), e);
            return;
        }
        pending.delete(tenant(removal), removal.getBatchId());
    }

    private static Tenant tenant(BatchRemoval removal) {
        return new Tenant(removal.getOrgId(), removal.getSandboxName());
    }
}
