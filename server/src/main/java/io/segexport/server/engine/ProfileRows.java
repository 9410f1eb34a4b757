package io.segexport.server.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.engine.SegmentFilter.Segment;
import io.segexport.server.profiles.merge.ProfileMerger;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.profiles.stored.StoredProfileView;
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
    private final ProfileSource snapshot;
    private final int batchCount;

    ProfileRows(Tenant tenant, JobPlan plan, MergePolicy policy, ProfileSource snapshot) {
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
                byte[] stored = storedProfiles.get(i);
                StoredProfileView profile = StoredValues.parse(StoredProfileView.parser(), stored, "profile");
                chunk.profileDone(
                        i,
                        writeRows(stored, profile, chunk, generators),
                        profile.getPrimary().getNamespace());
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
    private int writeRows(byte[] stored, StoredProfileView profile, RowChunk chunk, JsonGenerator[] generators)
            throws IOException {
        if (!plan.emptyProfiles() && !profile.getHasProfileRecord()) {
            return 0;
        }
        if (plan.fromIngest() != null
                && profile.getLastIngestTime() <= plan.fromIngest().toEpochMilli()) {
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
        Row row = row(stored, profile);
        if (plan.perSegment()) {
            for (Segment segment : matched) {
                writeRow(chunk, generators, plan.batchOf(segment), row, List.of(segment));
            }
            return matched.size();
        }
        writeRow(chunk, generators, 0, row, plan.segments().keepsEveryone() ? null : matched);
        return 1;
    }

    /** A profile's row, to be written with the memberships of some segments (all of them for null). */
    private interface Row {
        void write(JsonGenerator gen, List<Segment> shown) throws IOException;
    }

    /**
     * The row of a profile. A lone fragment, unprojected and without events, is written straight
     * from its encoded attributes: a fragment merges into itself less its null fields, which
     * {@link EncodedStructJson} leaves out too. Otherwise the fragments are merged, then projected.
     */
    private Row row(byte[] stored, StoredProfileView profile) {
        if (plan.eventList() == null && plan.fields().keepsEverything() && profile.getFragmentsCount() <= 1) {
            ByteString attributes = profile.getFragmentsCount() == 0
                    ? ByteString.EMPTY
                    : profile.getFragments(0).getAttributes();
            return (gen, shown) -> RowWriter.writeEncoded(gen, profile, attributes, shown);
        }
        StoredProfile parsed = StoredValues.parse(StoredProfile.parser(), stored, "profile");
        Struct attributes = plan.fields().apply(ProfileMerger.attributes(parsed, policy));
        List<Struct> events = plan.eventList() == null ? null : events(profile);
        return (gen, shown) -> RowWriter.write(gen, profile, attributes, events, shown);
    }

    private static void writeRow(RowChunk chunk, JsonGenerator[] generators, int batch, Row row, List<Segment> shown)
            throws IOException {
        if (generators[batch] == null) {
            generators[batch] = ProtoJsonWriter.generator(chunk.batch(batch)).setRootValueSeparator(null);
        }
        row.write(generators[batch], shown);
        generators[batch].flush();
        chunk.batch(batch).endRow();
    }

    private List<Struct> events(StoredProfileView profile) {
        List<Struct> events = new ArrayList<>();
        for (StoredEvent event : snapshot.events(tenant, profile.getPrimary(), plan.eventsFrom(), plan.eventsTo())) {
            events.add(plan.eventFields().apply(event.getEvent()));
        }
        return events;
    }
}
