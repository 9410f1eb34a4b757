package io.segexport.server.engine;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.engine.ExportResult.BatchStats;
import io.segexport.server.engine.SegmentFilter.Segment;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.profiles.ProfileIterator;
import io.segexport.server.profiles.ProfileMerger;
import io.segexport.server.profiles.ProfileSnapshot;
import io.segexport.server.profiles.ProfileStore;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Tenant;
import io.segexport.v1.EventList;
import io.segexport.v1.ExportJob;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.SegmentBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a job from the profile store, streaming: one profile at a time is read from a snapshot,
 * checked against the filter, merged under the job's merge policy, projected, and written as one
 * JSON line to its batch (or to each matching segment's batch), so memory stays bounded however many
 * profiles there are.
 *
 * <p>A row is an XDM profile: {@code identityMap}, the {@code segmentMembership} entries of the
 * exported segments (all of them when the job lists none), the attributes kept by {@code fields},
 * and {@code eventList} when the job asks for events.
 */
public final class StoreExporter implements ProfileExporter {
    private final ProfileStore profiles;
    private final MergePolicyStore mergePolicies;
    private final Clock clock;

    public StoreExporter(ProfileStore profiles, MergePolicyStore mergePolicies, Clock clock) {
        this.profiles = profiles;
        this.mergePolicies = mergePolicies;
        this.clock = clock;
    }

    @Override
    public ExportResult export(Tenant tenant, ExportJob job, Path staging, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        MergePolicy policy = mergePolicies.find(tenant, job.getMergePolicy().getId())
                .orElseThrow(() -> new IllegalStateException("merge policy " + job.getMergePolicy().getId() + " no longer exists"));
        JobPlan plan = new JobPlan(job);
        Map<String, BatchWriter> writers = new LinkedHashMap<>();
        for (String batchId : plan.batchIds()) {
            writers.put(batchId, new BatchWriter(staging.resolve(batchId), BatchWriter.PART_BYTES));
        }
        long exported = 0;
        Map<String, Long> byNamespace = new TreeMap<>();
        long start = clock.millis();
        try (ProfileSnapshot snapshot = profiles.snapshot(); ProfileIterator it = snapshot.profiles(tenant)) {
            probe.profilesTotal(snapshot.profileCount(tenant));
            while (it.hasNext()) {
                StoredProfile profile = it.next();
                int rows = exportProfile(tenant, profile, plan, policy, snapshot, writers);
                if (rows > 0) {
                    exported++;
                    byNamespace.merge(profile.getPrimary().getNamespace(), 1L, Long::sum);
                }
                probe.profileRead(rows);
            }
        } finally {
            for (BatchWriter writer : writers.values()) {
                writer.close();
            }
        }
        long end = clock.millis();
        Map<String, BatchStats> batches = new LinkedHashMap<>();
        writers.forEach((id, writer) -> batches.put(id, new BatchStats(writer.rows(), writer.files(), writer.bytes())));
        return new ExportResult(batches, exported, byNamespace, start, end);
    }

    /** Writes the profile's rows; returns how many (0 when the filter drops it). */
    private static int exportProfile(Tenant tenant, StoredProfile profile, JobPlan plan, MergePolicy policy,
                                     ProfileSnapshot snapshot, Map<String, BatchWriter> writers) throws IOException {
        if (!plan.emptyProfiles() && !profile.getHasProfileRecord()) {
            return 0;
        }
        if (plan.fromIngest() != null && profile.getLastIngestTime() <= plan.fromIngest().toEpochMilli()) {
            return 0;
        }
        List<Segment> matched = new ArrayList<>();
        for (Segment segment : plan.segments().segments()) {
            if (plan.segments().isMember(profile.getSegmentMembershipMap(), segment)) {
                matched.add(segment);
            }
        }
        if (!plan.segments().keepsEveryone() && matched.isEmpty()) {
            return 0;
        }
        Struct merged = ProfileMerger.merge(profile, policy);
        Struct.Builder row = plan.fields().apply(withoutKeys(merged)).toBuilder()
                .putFields("identityMap", merged.getFieldsOrThrow("identityMap"));
        if (plan.eventList() != null) {
            row.putFields("eventList", events(tenant, profile, plan, snapshot));
        }
        if (plan.perSegment()) {
            for (Segment segment : matched) {
                writers.get(plan.batchOf(segment)).write(json(withMemberships(row, merged, List.of(segment))));
            }
            return matched.size();
        }
        List<Segment> shown = plan.segments().keepsEveryone() ? null : matched;
        writers.values().iterator().next().write(json(withMemberships(row, merged, shown)));
        return 1;
    }

    private static Struct withoutKeys(Struct merged) {
        return merged.toBuilder().removeFields("identityMap").removeFields("segmentMembership").build();
    }

    /** The row with the memberships of these segments, or all of them when {@code segments} is null. */
    private static Struct withMemberships(Struct.Builder row, Struct merged, List<Segment> segments) {
        Value all = merged.getFieldsMap().get("segmentMembership");
        if (all == null) {
            return row.build();
        }
        if (segments == null) {
            return row.putFields("segmentMembership", all).build();
        }
        Struct.Builder kept = Struct.newBuilder();
        for (Segment segment : segments) {
            Struct namespace = all.getStructValue().getFieldsOrThrow(segment.namespace()).getStructValue();
            Struct.Builder inNamespace = kept.getFieldsOrDefault(segment.namespace(), Value.getDefaultInstance())
                    .getStructValue().toBuilder();
            inNamespace.putFields(segment.id(), namespace.getFieldsOrThrow(segment.id()));
            kept.putFields(segment.namespace(), Value.newBuilder().setStructValue(inNamespace).build());
        }
        return Struct.newBuilder(row.build()).putFields("segmentMembership", Value.newBuilder().setStructValue(kept).build()).build();
    }

    private static Value events(Tenant tenant, StoredProfile profile, JobPlan plan, ProfileSnapshot snapshot) {
        ListValue.Builder list = ListValue.newBuilder();
        for (StoredEvent event : snapshot.events(tenant, profile.getPrimary(), plan.eventsFrom(), plan.eventsTo())) {
            list.addValues(Value.newBuilder().setStructValue(plan.eventFields().apply(event.getEvent())));
        }
        return Value.newBuilder().setListValue(list).build();
    }

    private static byte[] json(Struct row) {
        return ProtoJsonWriter.toJson(row).getBytes(StandardCharsets.UTF_8);
    }

    /** What a job asks for, compiled once per run. */
    private static final class JobPlan {
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
            this.eventList = job.getAdditionalFields().hasEventList() ? job.getAdditionalFields().getEventList() : null;
            this.eventFields = FieldProjection.of(eventList == null ? "" : eventList.getFields());
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
            return job.getDestination().getBatchesList().stream().map(SegmentBatch::getBatchId).toList();
        }

        String batchOf(Segment segment) {
            for (SegmentBatch batch : job.getDestination().getBatchesList()) {
                if (batch.getSegmentNs().equals(segment.namespace()) && batch.getSegmentId().equals(segment.id())) {
                    return batch.getBatchId();
                }
            }
            throw new IllegalStateException("no batch for segment " + segment);
        }
    }
}
