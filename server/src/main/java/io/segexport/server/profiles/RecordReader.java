package io.segexport.server.profiles;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.profiles.stored.Fragment;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import java.util.Map;
import java.util.UUID;

/**
 * Reads one XDM record of an ingest request into what the store keeps, or throws a 400-style error
 * naming the field at fault, which the ingestion turns into that record's rejection.
 */
final class RecordReader {
    /**
     * How deep objects and arrays may nest in a record. Each level costs two protobuf message levels
     * (Struct and Value) and protobuf refuses to parse beyond 100, so a deeper record could be
     * stored but never read back.
     */
    static final int MAX_DEPTH = 32;

    private RecordReader() {}

    /**
     * A profile record: its identities, the fragment of its dataset (its time is its "timestamp",
     * else the ingest time) and its segment memberships, both kept apart from its attributes.
     */
    static ProfileRecord profile(String datasetId, String path, Struct record, long ingestTime) {
        checkDepth(path, record);
        RecordIdentities identities = IdentityMapReader.read(path, record);
        long time = RecordFields.get(record, "timestamp")
                .map(timestamp -> RecordTime.millis(path + ".timestamp", timestamp))
                .orElse(ingestTime);
        Map<String, SegmentMemberships> memberships = RecordFields.get(record, "segmentMembership")
                .map(value -> MembershipReader.read(path + ".segmentMembership", value))
                .orElse(Map.of());
        Struct attributes = record.toBuilder().removeFields("identityMap").removeFields("segmentMembership").build();
        Fragment fragment = Fragment.newBuilder().setDatasetId(datasetId).setTime(time).setAttributes(attributes).build();
        return new ProfileRecord(identities, fragment, memberships);
    }

    /** An ExperienceEvent: it needs a "timestamp"; its "_id" is made up when missing. */
    static EventRecord event(String datasetId, String path, Struct record) {
        checkDepth(path, record);
        RecordIdentities identities = IdentityMapReader.read(path, record);
        Value timestamp = RecordFields.get(record, "timestamp").orElseThrow(() ->
                ServiceErrors.invalidArgument(path + ".timestamp", "is required: every ExperienceEvent has a time"));
        RecordTime.millis(path + ".timestamp", timestamp);
        String eventId = RecordFields.get(record, "_id")
                .map(id -> eventId(path + "._id", id))
                .orElseGet(() -> UUID.randomUUID().toString());
        Struct event = record.toBuilder().putFields("_id", Value.newBuilder().setStringValue(eventId).build()).build();
        return new EventRecord(identities,
                StoredEvent.newBuilder().setDatasetId(datasetId).setEventId(eventId).setEvent(event).build());
    }

    private static String eventId(String field, Value id) {
        if (!id.hasStringValue()) {
            throw ServiceErrors.invalidArgument(field, "must be a string");
        }
        return Ids.checkSafe(field, id.getStringValue());
    }

    private static void checkDepth(String path, Struct record) {
        if (depth(Value.newBuilder().setStructValue(record).build(), 0) > MAX_DEPTH) {
            throw ServiceErrors.invalidArgument(path, "nests objects and arrays deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** The nesting depth of a value, not looking further than one level past the limit. */
    private static int depth(Value value, int level) {
        if (level > MAX_DEPTH) {
            return level;
        }
        int deepest = level;
        if (value.hasStructValue()) {
            for (Value field : value.getStructValue().getFieldsMap().values()) {
                deepest = Math.max(deepest, depth(field, level + 1));
            }
        } else if (value.hasListValue()) {
            for (Value element : value.getListValue().getValuesList()) {
                deepest = Math.max(deepest, depth(element, level + 1));
            }
        }
        return deepest;
    }
}
