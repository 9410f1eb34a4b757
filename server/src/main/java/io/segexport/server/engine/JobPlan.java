package io.segexport.server.engine;

import io.segexport.server.engine.SegmentFilter.Segment;
import io.segexport.v1.EventList;
import io.segexport.v1.ExportJob;
import io.segexport.v1.SegmentBatch;
import java.time.Instant;
import java.util.List;

/** What a job asks for, compiled once per run. */
final class JobPlan {
    private final SegmentFilter segments;
    private final FieldProjection fields;
    private final Instant fromIngest;
    private final boolean emptyProfiles;
    private final EventList eventList;
    private final FieldProjection eventFields;
    private final ExportJob job;

    JobPlan(ExportJob job) {
        this.job = job;
        this.segments = new SegmentFilter(job.getFilter());
        this.fields = FieldProjection.of(job.getFields());
        String from = job.getFilter().getFromIngestTimestamp();
        this.fromIngest = from.isEmpty() ? null : Instant.parse(from);
        this.emptyProfiles = job.getFilter().getEmptyProfiles();
        this.eventList = job.getAdditionalFields().hasEventList()
                ? job.getAdditionalFields().getEventList()
                : null;
        this.eventFields = FieldProjection.of(eventList == null ? "" : withEventKeys(eventList.getFields()));
    }

    /**
     * An event's projection also keeps its {@code _id} and {@code timestamp}, which every XDM
     * ExperienceEvent has, as a row keeps its profile's identities: projected to fields it lacks
     * (the documentation's {@code "fields": "string"}), an event is still told apart, not {@code {}}.
     */
    private static String withEventKeys(String fields) {
        return fields.isEmpty() ? fields : fields + ",_id,timestamp";
    }

    SegmentFilter segments() {
        return segments;
    }

    FieldProjection fields() {
        return fields;
    }

    Instant fromIngest() {
        return fromIngest;
    }

    boolean emptyProfiles() {
        return emptyProfiles;
    }

    EventList eventList() {
        return eventList;
    }

    FieldProjection eventFields() {
        return eventFields;
    }

    boolean perSegment() {
        return job.getDestination().getSegmentPerBatch();
    }

    /** Events ingested strictly after fromIngestTimestamp. */
    long eventsFrom() {
        String from = eventList.getFilter().getFromIngestTimestamp();
        return from.isEmpty() ? 0 : Instant.parse(from).toEpochMilli() + 1;
    }

    /** Events ingested strictly before toIngestTimestamp. */
    long eventsTo() {
        String to = eventList.getFilter().getToIngestTimestamp();
        return to.isEmpty() ? Long.MAX_VALUE : Instant.parse(to).toEpochMilli();
    }

    List<String> batchIds() {
        if (!perSegment()) {
            return List.of(job.getDestination().getBatchId());
        }
        return job.getDestination().getBatchesList().stream()
                .map(SegmentBatch::getBatchId)
                .toList();
    }

    /** The position in {@link #batchIds} of the segment's batch. */
    int batchOf(Segment segment) {
        List<SegmentBatch> batches = job.getDestination().getBatchesList();
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).getSegmentNs().equals(segment.namespace())
                    && batches.get(i).getSegmentId().equals(segment.id())) {
                return i;
            }
        }
        throw new IllegalStateException("no batch for segment " + segment);
    }
}
