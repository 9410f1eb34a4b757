package io.segexport.server.cluster;

import com.google.protobuf.ByteString;
import io.segexport.server.cluster.CommandReplies.Reply;
import io.segexport.server.cluster.stored.BatchChange;
import io.segexport.server.cluster.stored.Held;
import io.segexport.server.ingest.batches.BatchLedger;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A cluster's ingestion batches: their records and states in the records topic, read from this
 * node's global store. A change of a batch reads it there, then goes to the job ledger with what it
 * read; the ledger applies it only if the batch is still so, and otherwise the change runs again
 * on the batch as it now is. So any node takes any call of any batch, and two changes of one batch
 * never interleave, with the job ledger as their one writer.
 */
final class ClusterBatchLedger implements BatchLedger {
    /** Runs of one change before it gives up: each lost to another change of the batch. */
    private static final int ATTEMPTS = 50;

    private final ClusterRecords records;
    private final LedgerCommands ledger;
    private final ThreadLocal<Change> current = new ThreadLocal<>();

    ClusterBatchLedger(ClusterRecords records, LedgerCommands ledger) {
        this.records = records;
        this.ledger = ledger;
    }

    /** A change being made on this thread: what it read of its batch, and what it wrote. */
    private static final class Change {
        private final byte[] tenantKey;
        private final String batchId;
        private final byte[] readRecord;
        private final byte[] readState;
        private Held record;
        private Held state;

        Change(byte[] tenantKey, String batchId, byte[] readRecord, byte[] readState) {
            this.tenantKey = tenantKey;
            this.batchId = batchId;
            this.readRecord = readRecord;
            this.readState = readState;
        }

        boolean of(Tenant tenant, String id) {
            return batchId.equals(id) && Arrays.equals(tenantKey, Keys.tenant(tenant));
        }

        byte[] record() {
            return record == null ? readRecord : value(record);
        }

        byte[] state() {
            return state == null ? readState : value(state);
        }
    }

    @Override
    public <T> T locked(Tenant tenant, String batchId, Supplier<T> change) {
        Change open = current.get();
        if (open != null) {
            if (!open.of(tenant, batchId)) {
                throw new IllegalStateException("a change of batch " + open.batchId + " reached batch " + batchId);
            }
            return change.get();
        }
        byte[] tenantKey = Keys.tenant(tenant);
        for (int attempt = 1; ; attempt++) {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = records.read("read batch " + batchId);
            Change made = new Change(
                    tenantKey,
                    batchId,
                    store.get(recordKey(tenantKey, batchId)),
                    store.get(stateKey(tenantKey, batchId)));
            current.set(made);
            T result;
            try {
                result = change.get();
            } finally {
                current.remove();
            }
            if (made.record == null && made.state == null) {
                return result;
            }
            BatchChange.Builder asked = BatchChange.newBuilder()
                    .setBatchId(batchId)
                    .setExpectedRecord(held(made.readRecord))
                    .setExpectedState(held(made.readState));
            Optional.ofNullable(made.record).ifPresent(asked::setRecord);
            Optional.ofNullable(made.state).ifPresent(asked::setState);
            Reply reply =
                    ledger.ask(LedgerCommands.command(tenantKey).setBatchChange(asked), "change batch " + batchId);
            if (reply.outcome().equals(JobLedger.APPLIED)) {
                return result;
            }
            if (attempt == ATTEMPTS) {
                throw ServiceErrors.unavailable("batch " + batchId + " was changed by " + ATTEMPTS
                        + " other calls while this one tried to change it: try again");
            }
        }
    }

    @Override
    public Optional<Batch> record(Tenant tenant, String batchId) {
        Change open = current.get();
        byte[] value = open != null && open.of(tenant, batchId)
                ? open.record()
                : records.read("read batch " + batchId).get(recordKey(Keys.tenant(tenant), batchId));
        return Optional.ofNullable(StoredValues.parse(Batch.parser(), value, "batch"));
    }

    @Override
    public void putRecord(Tenant tenant, Batch batch) {
        locked(tenant, batch.getId(), () -> {
            current.get().record = held(batch.toByteArray());
            return null;
        });
    }

    @Override
    public Optional<IngestBatchState> state(Tenant tenant, String batchId) {
        Change open = current.get();
        byte[] value = open != null && open.of(tenant, batchId)
                ? open.state()
                : records.read("read batch " + batchId).get(stateKey(Keys.tenant(tenant), batchId));
        return Optional.ofNullable(StoredValues.parse(IngestBatchState.parser(), value, "ingestion batch"));
    }

    @Override
    public void putState(Tenant tenant, IngestBatchState state) {
        locked(tenant, state.getBatchId(), () -> {
            current.get().state = held(state.toByteArray());
            return null;
        });
    }

    @Override
    public void deleteState(Tenant tenant, String batchId) {
        locked(tenant, batchId, () -> {
            current.get().state = held(null);
            return null;
        });
    }

    @Override
    public List<BatchLedger.Kept> allStates() {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = records.read("list the ingestion batches");
        List<BatchLedger.Kept> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.prefixScan(Bytes.wrap(GlobalKeys.kind(GlobalKeys.INGEST_BATCHES)), ClusterRecords.PREFIXES)) {
            it.forEachRemaining(entry -> {
                IngestBatchState state = StoredValues.parse(IngestBatchState.parser(), entry.value, "ingestion batch");
                byte[] tenantKey = Keys.tenant(new Tenant(state.getOrgId(), state.getSandboxName()));
                all.add(new BatchLedger.Kept(
                        state,
                        Optional.ofNullable(StoredValues.parse(
                                Batch.parser(), store.get(recordKey(tenantKey, state.getBatchId())), "batch"))));
            });
        }
        return all;
    }

    private static Bytes recordKey(byte[] tenantKey, String batchId) {
        return Bytes.wrap(GlobalKeys.record(GlobalKeys.BATCHES, tenantKey, batchId));
    }

    private static Bytes stateKey(byte[] tenantKey, String batchId) {
        return Bytes.wrap(GlobalKeys.record(GlobalKeys.INGEST_BATCHES, tenantKey, batchId));
    }

    private static Held held(byte[] value) {
        return value == null
                ? Held.getDefaultInstance()
                : Held.newBuilder()
                        .setPresent(true)
                        .setValue(ByteString.copyFrom(value))
                        .build();
    }

    private static byte[] value(Held held) {
        return held.getPresent() ? held.getValue().toByteArray() : null;
    }
}
