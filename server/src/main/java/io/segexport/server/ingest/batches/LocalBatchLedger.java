package io.segexport.server.ingest.batches;

import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.Batch;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The batches of one node: records and states in the embedded database, changes under a batch's lock. */
public final class LocalBatchLedger implements BatchLedger {
    private final Records<Batch> batches;
    private final TenantRecords<IngestBatchState> states;
    private final Object[] locks = new Object[64];

    public LocalBatchLedger(Database database, Records<Batch> batches) {
        this.batches = batches;
        this.states = TenantRecords.of(database, Family.INGEST_BATCHES, IngestBatchState.parser(), "ingestion batch");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public <T> T locked(Tenant tenant, String batchId, Supplier<T> change) {
        synchronized (locks[Math.floorMod((tenant.hashCode() * 31) + batchId.hashCode(), locks.length)]) {
            return change.get();
        }
    }

    @Override
    public Optional<Batch> record(Tenant tenant, String batchId) {
        return batches.get(tenant, batchId);
    }

    @Override
    public void putRecord(Tenant tenant, Batch batch) {
        batches.put(tenant, batch.getId(), batch);
    }

    @Override
    public Optional<IngestBatchState> state(Tenant tenant, String batchId) {
        return states.get(tenant, batchId);
    }

    @Override
    public void putState(Tenant tenant, IngestBatchState state) {
        states.put(tenant, state.getBatchId(), state);
    }

    @Override
    public void deleteState(Tenant tenant, String batchId) {
        states.delete(tenant, batchId);
    }

    @Override
    public List<Kept> allStates() {
        return states.all().stream()
                .map(state -> new Kept(state, record(IngestBatches.tenant(state), state.getBatchId())))
                .toList();
    }
}
