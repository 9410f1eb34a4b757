package io.segexport.server.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.engine.SegmentFilter.Segment;
import io.segexport.server.profiles.ProfileMerger;
import io.segexport.server.profiles.ProfileSnapshot;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.MergePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's rows from stored profiles, a chunk at a time: each profile is parsed, checked against the
 * filter, and its rows written as JSON into the chunk. Several threads may encode chunks at once.
 */
final class ProfileRows {
    private final Tenant tenant;
    private final JobPlan plan;
    private final MergePolicy policy;
    private final ProfileSnapshot snapshot;
    private final int batchCount;

    ProfileRows(Tenant tenant, JobPlan plan, MergePolicy policy, ProfileSnapshot snapshot) {
        this.tenant = tenant;
        this.plan = plan;
        this.policy = policy;
        this.snapshot = snapshot;
        this.batchCount = plan.batchIds().size();
    }

    RowChunk encode(List<byte[]> storedProfiles) throws IOException {
        RowChunk chunk = new RowChunk(batchCount, storedProfiles.size());
        JsonGenerator[] generators = new JsonGenerator[batchCount];
        try {
            for (int i = 0; i < storedProfiles.size(); i++) {
                StoredProfile profile = StoredValues.parse(StoredProfile.parser(), storedProfiles.get(i), "profile");
                chunk.profileDone(i, writeRows(profile, chunk, generators), profile.getPrimary().getNamespace());
            }
        } finally {
            for (JsonGenerator generator : generators) {
                if (generator != null) {
                    generator.close();
                }
            }
        }
        return chunk;
    }

    /** Writes the profile's rows; returns how many (0 when the filter drops it). */
    private int writeRows(StoredProfile profile, RowChunk chunk, JsonGenerator[] generators) throws IOException {
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
        Struct attributes = attributes(profile);
        List<Struct> events = plan.eventList() == null ? null : events(profile);
        if (plan.perSegment()) {
            for (Segment segment : matched) {
                writeRow(chunk, generators, plan.batchOf(segment), profile, attributes, events, List.of(segment));
            }
            return matched.size();
        }
        writeRow(chunk, generators, 0, profile, attributes, events, plan.segments().keepsEveryone() ? null : matched);
        return 1;
    }

    private static void writeRow(RowChunk chunk, JsonGenerator[] generators, int batch, StoredProfile profile,
                                 Struct attributes, List<Struct> events, List<Segment> shown) throws IOException {
        if (generators[batch] == null) {
            generators[batch] = ProtoJsonWriter.generator(chunk.batch(batch)).setRootValueSeparator(null);
        }
        RowWriter.write(generators[batch], profile, attributes, events, shown);
        generators[batch].flush();
        chunk.batch(batch).endRow();
    }

    /** The attributes of the row: merged, then projected. */
    private Struct attributes(StoredProfile profile) {
        if (plan.fields().keepsEverything() && profile.getFragmentsCount() <= 1) {
            // One fragment merges into itself less its null fields, which RowWriter leaves out anyway.
            return profile.getFragmentsCount() == 0 ? Struct.getDefaultInstance() : profile.getFragments(0).getAttributes();
        }
        return plan.fields().apply(ProfileMerger.attributes(profile, policy));
    }

    private List<Struct> events(StoredProfile profile) {
        List<Struct> events = new ArrayList<>();
        for (StoredEvent event : snapshot.events(tenant, profile.getPrimary(), plan.eventsFrom(), plan.eventsTo())) {
            events.add(plan.eventFields().apply(event.getEvent()));
        }
        return events;
    }
}
