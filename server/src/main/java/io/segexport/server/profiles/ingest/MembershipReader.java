package io.segexport.server.profiles.ingest;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.Rfc3339;
import io.segexport.server.validation.Texts;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a profile record's segmentMembership, taken as given (segmentation happens elsewhere):
 * namespace → segment id → {"status": "realized|existing|exited", "lastQualificationTime": RFC 3339,
 * "version": n}. Namespaces and segment ids follow the rules of an export job's segments.
 */
final class MembershipReader {
    static final Set<String> STATUSES = Set.of("realized", "existing", "exited");

    private MembershipReader() {}

    static Map<String, SegmentMemberships> read(String field, Value segmentMembership) {
        Map<String, SegmentMemberships> memberships = new LinkedHashMap<>();
        for (Map.Entry<String, Value> namespace :
                object(field, segmentMembership).getFieldsMap().entrySet()) {
            String nsPath = key(field, namespace.getKey(), "namespace");
            SegmentMemberships.Builder segments = SegmentMemberships.newBuilder();
            for (Map.Entry<String, Value> segment :
                    object(nsPath, namespace.getValue()).getFieldsMap().entrySet()) {
                String path = key(nsPath, segment.getKey(), "segment id");
                segments.putSegments(segment.getKey(), membership(path, object(path, segment.getValue())));
            }
            memberships.put(namespace.getKey(), segments.build());
        }
        return memberships;
    }

    private static Membership membership(String path, Struct fields) {
        Value status = RecordFields.get(fields, "status")
                .orElseThrow(() -> ServiceErrors.invalidArgument(path + ".status", "is required"));
        String normalized = status.hasStringValue() ? status.getStringValue().toLowerCase(Locale.ROOT) : "";
        if (!STATUSES.contains(normalized)) {
            throw ServiceErrors.invalidArgument(path + ".status", "must be \"realized\", \"existing\" or \"exited\"");
        }
        Value time = RecordFields.get(fields, "lastQualificationTime")
                .orElseThrow(() -> ServiceErrors.invalidArgument(path + ".lastQualificationTime", "is required"));
        if (!time.hasStringValue()) {
            throw ServiceErrors.invalidArgument(
                    path + ".lastQualificationTime", "must be an RFC 3339 timestamp string");
        }
        Membership.Builder membership = Membership.newBuilder()
                .setStatus(normalized)
                .setLastQualificationTime(Rfc3339.normalize(path + ".lastQualificationTime", time.getStringValue()));
        RecordFields.get(fields, "version")
                .ifPresent(version -> membership.setVersion(version(path + ".version", version)));
        return membership.build();
    }

    private static long version(String path, Value version) {
        double number = version.getNumberValue();
        if (!version.hasNumberValue() || number != Math.rint(number) || number < 0 || number > Integer.MAX_VALUE) {
            throw ServiceErrors.invalidArgument(path, "must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return (long) number;
    }

    private static Struct object(String path, Value value) {
        if (!value.hasStructValue()) {
            throw ServiceErrors.invalidArgument(path, "must be an object");
        }
        return value.getStructValue();
    }

    /** The path of a map key, once the key is checked: non-empty, bounded, no control characters. */
    private static String key(String path, String key, String what) {
        if (key.isEmpty()) {
            throw ServiceErrors.invalidArgument(path, "has an empty " + what);
        }
        Ids.check(() -> path + "." + Texts.shorten(key), key);
        return path + "." + key;
    }
}
