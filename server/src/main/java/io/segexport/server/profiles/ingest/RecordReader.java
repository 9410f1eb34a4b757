package io.segexport.server.profiles.ingest;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.RecordIdentities;
import io.segexport.server.profiles.stored.FragmentView;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads one XDM record of an ingest request, checked ({@link EncodedRecord}), into what the store
 * keeps, or throws a 400-style error naming the field at fault, which the ingestion turns into that
 * record's rejection.
 */
final class RecordReader {
    private RecordReader() {}

    /**
     * A profile record: its identities, the fragment of its dataset (its time is its "timestamp",
     * else the ingest time) and its segment memberships, both kept apart from its attributes, which
     * stay as their encoded map entries.
     */
    static ProfileRecord profile(String datasetId, String path, EncodedRecord record, long ingestTime) {
        RecordIdentities identities = IdentityMapReader.read(path, record);
        long time = record.field("timestamp")
                .map(timestamp -> RecordTime.millis(path + ".timestamp", timestamp))
                .orElse(ingestTime);
        Map<String, SegmentMemberships> memberships = record.field("segmentMembership")
                .map(value -> MembershipReader.read(path + ".segmentMembership", value))
                .orElse(Map.of());
        FragmentView fragment = FragmentView.newBuilder()
                .setDatasetId(datasetId)
                .setTime(time)
                .setAttributes(record.without("identityMap", "segmentMembership"))
                .build();
        return new ProfileRecord(identities, fragment, memberships);
    }

    /** An ExperienceEvent: it needs a "timestamp"; its "_id" is made up (a random UUID) when missing. */
    static EventRecord event(String datasetId, String path, EncodedRecord record) {
        return event(datasetId, "", path, record, () -> UUID.randomUUID().toString());
    }

    /** An ExperienceEvent of ingestion batch {@code batchId} ("" for none) whose "_id", when missing, is {@code madeUpId}'s. */
    static EventRecord event(
            String datasetId, String batchId, String path, EncodedRecord record, Supplier<String> madeUpId) {
        RecordIdentities identities = IdentityMapReader.read(path, record);
        Value timestamp = record.field("timestamp")
                .orElseThrow(() -> ServiceErrors.invalidArgument(
                        path + ".timestamp", "is required: every ExperienceEvent has a time"));
        RecordTime.millis(path + ".timestamp", timestamp);
        String eventId =
                record.field("_id").map(id -> eventId(path + "._id", id)).orElseGet(madeUpId);
        Struct event = record.struct().toBuilder()
                .putFields("_id", Value.newBuilder().setStringValue(eventId).build())
                .build();
        return new EventRecord(
                identities,
                StoredEvent.newBuilder()
                        .setDatasetId(datasetId)
                        .setBatchId(batchId)
                        .setEventId(eventId)
                        .setEvent(event)
                        .build());
    }

    private static String eventId(String field, Value id) {
        if (!id.hasStringValue()) {
            throw ServiceErrors.invalidArgument(field, "must be a string");
        }
        return Ids.checkSafe(field, id.getStringValue());
    }
}
