package io.segexport.server.profiles;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.profiles.stored.Fragment;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.Texts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads one XDM record of an ingest request into what the store keeps, or throws a 400-style error
 * naming the field at fault, which the ingestion turns into that record's rejection.
 */
final class RecordReader {
    private RecordReader() {}

    /**
     * A profile record: its identities, the fragment of its dataset (its time is its "timestamp",
     * else the ingest time) and its segment memberships, both kept apart from its attributes.
     */
    static ProfileRecord profile(String datasetId, String path, Struct record, long ingestTime) {
        checkValues(path, record);
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
        checkValues(path, record);
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

    /**
     * Checks the record's shape against the call's limits: objects and arrays nest at most
     * record-depth levels (the record itself being the first), and every string and key is at most
     * record-string-length characters. The record-depth limit is at most 32: each level costs protobuf
     * message levels in the stored profile, and protobuf parses at most 100, so a deeper record
     * could be stored but never read back.
     */
    private static void checkValues(String path, Struct record) {
        new ValueCheck(path, Limits.current()).struct(record, () -> path, 1);
    }

    /** Walks a record; a value's path is spelled out only in the error that refuses it. */
    private record ValueCheck(String record, Limits limits) {
        void struct(Struct struct, Supplier<String> path, int depth) {
            checkDepth(depth);
            for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
                String key = field.getKey();
                if (key.length() > limits.recordStringLength()) {
                    throw ServiceErrors.invalidArgument(path.get(), "has a key longer than " + limits.recordStringLength()
                            + " characters (the " + Limit.RECORD_STRING_LENGTH.flagName() + " limit): \"" + Texts.shorten(key) + "\"");
                }
                value(field.getValue(), () -> path.get() + "." + key, depth);
            }
        }

        /** A value inside a container {@code depth} levels deep. */
        void value(Value value, Supplier<String> path, int depth) {
            switch (value.getKindCase()) {
                case STRING_VALUE -> {
                    if (value.getStringValue().length() > limits.recordStringLength()) {
                        throw ServiceErrors.invalidArgument(path.get(), "must be at most " + limits.recordStringLength()
                                + " characters (the " + Limit.RECORD_STRING_LENGTH.flagName() + " limit)");
                    }
                }
                case STRUCT_VALUE -> struct(value.getStructValue(), path, depth + 1);
                case LIST_VALUE -> {
                    checkDepth(depth + 1);
                    List<Value> elements = value.getListValue().getValuesList();
                    for (int i = 0; i < elements.size(); i++) {
                        int index = i;
                        value(elements.get(i), () -> path.get() + "[" + index + "]", depth + 1);
                    }
                }
                default -> {
                }
            }
        }

        private void checkDepth(int depth) {
            if (depth > limits.recordDepth()) {
                throw ServiceErrors.invalidArgument(record, "nests objects and arrays deeper than " + limits.recordDepth()
                        + " levels (the " + Limit.RECORD_DEPTH.flagName() + " limit)");
            }
        }
    }
}
