package io.segexport.server.cluster;

import io.segexport.server.cluster.stored.BatchEventsRemoval;
import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.cluster.stored.SeenLink;
import io.segexport.server.cluster.stored.SegmentOutcomes;
import io.segexport.server.cluster.stored.StoredOutcome;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.store.BatchEventRemoval;
import io.segexport.server.profiles.store.ChunkWriter;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.ProfileState;
import io.segexport.server.profiles.store.RecordIdentities;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.StoredValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The profile side of ingestion, in the partition of the record's profile: the record is merged into
 * the profile, with its membership index entries, its event and the tenant's count of profiles, in
 * this partition's stores, by the embedded store's own {@link ChunkWriter}. A segment evaluation's
 * outcomes come the same way, and a REVERT's removal of a batch's events, so that only this task
 * writes the partition's stores.
 */
final class ProfileMerges implements Processor<Bytes, byte[], Void, Void> {
    /** The families a profile's partition holds; identity links live in the identities' partitions. */
    static final List<Family> FAMILIES = List.of(Family.PROFILES, Family.EVENTS, Family.MEMBERSHIPS, Family.META);

    private ProfileState state;
    private KeyValueStore<Bytes, byte[]> events;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.state = new StoreState(context, FAMILIES);
        this.events = context.getStateStore(StoreState.storeName(Family.EVENTS));
    }

    @Override
    public void process(Record<Bytes, byte[]> in) {
        RoutedRecord record = StoredValues.parse(RoutedRecord.parser(), in.value(), "routed record");
        if (record.hasRemoval()) {
            remove(record.getTenant().toByteArray(), record.getRemoval());
            return;
        }
        ChunkWriter writer = new ChunkWriter(state, record.getTenant().toByteArray());
        if (record.hasOutcomes()) {
            SegmentOutcomes outcomes = record.getOutcomes();
            for (StoredOutcome outcome : outcomes.getOutcomesList()) {
                writer.addOutcome(
                        new SegmentOutcome(
                                outcome.getProfile(),
                                outcome.getNamespace(),
                                outcome.getSegmentId(),
                                outcome.getQualifies()),
                        outcomes.getJobId(),
                        outcomes.getTime());
            }
            writer.write();
            return;
        }
        RecordIdentities identities = new RecordIdentities(record.getIdentitiesList());
        ChunkWriter.Resolution resolution = new ChunkWriter.Resolution(
                record.getRoute().getProfile(),
                record.getRoute().getLinksList().stream()
                        .map(ProfileMerges::linkOf)
                        .toList());
        if (record.hasProfile()) {
            writer.addProfileRecord(
                    new ProfileRecord(
                            identities,
                            record.getProfile().getFragment(),
                            record.getProfile().getMembershipsMap()),
                    record.getIngestTime(),
                    resolution);
        } else {
            writer.addEvent(new EventRecord(identities, record.getEvent()), record.getIngestTime(), resolution);
        }
        writer.write();
    }

    /** Removes the partition's events of the tenant that the batch stored, as the embedded store does. */
    private void remove(byte[] tenant, BatchEventsRemoval removal) {
        List<Bytes> doomed = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = events.prefixScan(Bytes.wrap(tenant), ClusterRecords.PREFIXES)) {
            it.forEachRemaining(entry -> {
                if (BatchEventRemoval.isOf(
                        tenant, entry.key.get(), entry.value, removal.getBatchId(), removal.getIngestTime())) {
                    doomed.add(entry.key);
                }
            });
        }
        doomed.forEach(events::delete);
    }

    private static Optional<IdentityKey> linkOf(SeenLink seen) {
        return seen.hasProfile() ? Optional.of(seen.getProfile()) : Optional.empty();
    }
}
