package io.segexport.server.engine;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.SegmentQualificationTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The segment part of a job's filter, compiled once per job: which listed segments a profile's
 * stored memberships make it a member of. A membership counts when its status is in the segment's status set and, when the job
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

    /** Whether a profile's memberships (namespace → segments) make it a member of this segment. */
    boolean isMember(Map<String, SegmentMemberships> memberships, Segment segment) {
        SegmentMemberships namespace = memberships.get(segment.namespace());
        Membership membership =
                namespace == null ? null : namespace.getSegmentsMap().get(segment.id());
        return membership != null && segment.statuses().contains(membership.getStatus()) && inWindow(membership);
    }

    /** The index ranges that hold every member of the listed segments: one per segment and status. */
    List<SegmentStatus> indexRanges() {
        return segments.stream()
                .flatMap(segment -> segment.statuses().stream()
                        .sorted()
                        .map(status -> new SegmentStatus(segment.namespace(), segment.id(), status)))
                .toList();
    }

    /** What {@link #inWindow} accepts, as the index of memberships reads it fastest: any membership, without a window. */
    Predicate<Membership> window() {
        return windowStart == null && windowEnd == null ? ProfileSource.ANY_MEMBERSHIP : this::inWindow;
    }

    /** Whether the membership's lastQualificationTime is inside the job's window (always, without one). */
    boolean inWindow(Membership membership) {
        if (windowStart == null && windowEnd == null) {
            return true;
        }
        if (membership.getLastQualificationTime().isEmpty()) {
            return false;
        }
        // Ingestion stores the time normalized to UTC, so it parses as an Instant.
        Instant qualified = Instant.parse(membership.getLastQualificationTime());
        return (windowStart == null || !qualified.isBefore(windowStart))
                && (windowEnd == null || !qualified.isAfter(windowEnd));
    }
}
