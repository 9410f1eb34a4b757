package io.segexport.server.engine;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.SegmentQualificationTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The segment part of a job's filter, compiled once per job: which listed segments a profile's
 * {@code segmentMembership} ({namespace: {segmentId: {status, lastQualificationTime}}}) makes it a
 * member of. A membership counts when its status is in the segment's status set and, when the job
 * has a qualification window, its lastQualificationTime lies inside it (both ends included).
 */
final class SegmentFilter {
    private final List<Segment> segments;
    private final Instant windowStart;
    private final Instant windowEnd;

    /** One listed segment and the statuses it keeps. */
    record Segment(String namespace, String id, Set<String> statuses) {}

    SegmentFilter(ExportFilter filter) {
        this.segments = filter.getSegmentsList().stream()
                .map(s -> new Segment(s.getSegmentNs(), s.getSegmentId(), Set.copyOf(s.getStatusList())))
                .toList();
        SegmentQualificationTime window = filter.getSegmentQualificationTime();
        this.windowStart = window.getStartTime().isEmpty() ? null : Instant.parse(window.getStartTime());
        this.windowEnd = window.getEndTime().isEmpty() ? null : Instant.parse(window.getEndTime());
    }

    /** True when the job lists no segments: every profile is exported. */
    boolean keepsEveryone() {
        return segments.isEmpty();
    }

    List<Segment> segments() {
        return segments;
    }

    /** Whether the memberships make the profile a member of this segment. */
    boolean isMember(Struct memberships, Segment segment) {
        Value namespace = memberships.getFieldsMap().get(segment.namespace());
        if (namespace == null || !namespace.hasStructValue()) {
            return false;
        }
        Value membership = namespace.getStructValue().getFieldsMap().get(segment.id());
        if (membership == null || !membership.hasStructValue()) {
            return false;
        }
        Struct fields = membership.getStructValue();
        if (!segment.statuses().contains(text(fields, "status"))) {
            return false;
        }
        if (windowStart == null && windowEnd == null) {
            return true;
        }
        Instant qualified = instant(text(fields, "lastQualificationTime"));
        return qualified != null
                && (windowStart == null || !qualified.isBefore(windowStart))
                && (windowEnd == null || !qualified.isAfter(windowEnd));
    }

    private static String text(Struct fields, String name) {
        Value value = fields.getFieldsMap().get(name);
        return value != null && value.hasStringValue() ? value.getStringValue() : "";
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
