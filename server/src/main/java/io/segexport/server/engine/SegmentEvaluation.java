package io.segexport.server.engine;

import com.google.protobuf.Struct;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.pql.Evaluator;
import io.segexport.server.profiles.memberships.MembershipTransition;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.merge.ProfileMerger;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.SegmentDefinition;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's segment evaluation (evaluationInfo.segmentation true): each listed segment of namespace
 * "ups" that has a definition is evaluated over every profile of the tenant in a {@link
 * ProfileSource} (the embedded store's snapshot, or one partition of a cluster), read in chunks on
 * {@value SourceExport#ENCODERS} threads, and the memberships that change are handed to an {@link
 * Outcomes}, {@value #OUTCOMES_PER_WRITE} at most at a time, so memory stays bounded however many
 * profiles there are. Every profile is evaluated at one instant, given by the caller, so that a
 * cluster's partitions, or a partition evaluated again, agree.
 */
public final class SegmentEvaluation {
    private static final int CHUNK_PROFILES = 256;
    private static final int OUTCOMES_PER_WRITE = 10_000;

    private final List<DefinedSegment> segments;
    private final Tenant tenant;
    private final String jobId;
    private final Clock clock;

    /** Where an evaluation's outcomes go; a write returns once they are durable and readable. */
    public interface Outcomes {
        void write(Tenant tenant, List<SegmentOutcome> outcomes, String jobId, String time)
                throws IOException, InterruptedException;
    }

    /** What an evaluation did: when it ran, in ms since the epoch, and how many profiles it read. */
    public record Stats(long startMillis, long endMillis, long profiles) {}

    /** How many profiles a chunk held, and the outcomes of those that change a membership. */
    private record EvaluatedChunk(int profiles, List<SegmentOutcome> outcomes) {}

    private SegmentEvaluation(List<DefinedSegment> segments, Tenant tenant, ExportJob job, Clock clock) {
        this.segments = segments;
        this.tenant = tenant;
        this.jobId = Long.toString(job.getId());
        this.clock = clock;
    }

    /** The job's evaluation; empty when it asks for none or lists no segment with a definition. */
    public static Optional<SegmentEvaluation> of(
            Tenant tenant,
            ExportJob job,
            SegmentDefinitionStore definitions,
            MergePolicyStore mergePolicies,
            Clock clock) {
        if (!job.getEvaluationInfo().getSegmentation()) {
            return Optional.empty();
        }
        List<DefinedSegment> segments = defined(tenant, job, definitions, mergePolicies);
        return segments.isEmpty() ? Optional.empty() : Optional.of(new SegmentEvaluation(segments, tenant, job, clock));
    }

    /**
     * Evaluates every profile of {@code source} as at {@code at} (whole milliseconds, as a
     * membership's time is written), handing the changes to {@code outcomes}.
     */
    public Stats run(ProfileSource source, Outcomes outcomes, Instant at, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        long start = clock.millis();
        String time = at.toString();
        boolean readsEvents =
                segments.stream().anyMatch(segment -> segment.evaluator().readsEvents());
        List<SegmentOutcome> changes = new ArrayList<>();
        try (ProfileChunks chunks = source.allProfiles(tenant, CHUNK_PROFILES);
                OrderedWorkers<EvaluatedChunk> evaluators = new OrderedWorkers<>(
                        SourceExport.ENCODERS, SourceExport.CHUNKS_IN_FLIGHT, "segexport-evaluator")) {
            ChunkEvaluation evaluation = new ChunkEvaluation(segments, source, tenant, readsEvents, at, jobId, time);
            evaluators.pipe(chunks, evaluation::evaluate, done -> {
                changes.addAll(done.outcomes());
                if (changes.size() >= OUTCOMES_PER_WRITE) {
                    outcomes.write(tenant, changes, jobId, time);
                    changes.clear();
                }
                probe.profilesEvaluated(done.profiles());
            });
        }
        outcomes.write(tenant, changes, jobId, time);
        return new Stats(start, clock.millis(), probe.progress().getProfilesEvaluated());
    }

    /** The job's listed segments that have a definition, in the order listed (a job lists a segment once). */
    private static List<DefinedSegment> defined(
            Tenant tenant, ExportJob job, SegmentDefinitionStore definitions, MergePolicyStore mergePolicies) {
        List<DefinedSegment> segments = new ArrayList<>();
        for (io.segexport.v1.SegmentFilter listed : job.getFilter().getSegmentsList()) {
            if (!listed.getSegmentNs().equals(DefinedSegment.NAMESPACE)) {
                continue;
            }
            Optional<SegmentDefinition> definition = definitions.find(tenant, listed.getSegmentId());
            if (definition.isPresent()) {
                String policyId = definition.get().getMergePolicyId();
                MergePolicy policy = mergePolicies
                        .find(tenant, policyId)
                        .orElseThrow(() -> new IllegalStateException("merge policy " + policyId
                                + " of segment definition " + listed.getSegmentId() + " no longer exists"));
                segments.add(new DefinedSegment(
                        listed.getSegmentId(),
                        Evaluator.of(definition.get().getExpression().getValue()),
                        policy));
            }
        }
        return segments;
    }

    /**
     * One job's evaluation of the chunks of one snapshot, on the evaluators' threads: of each
     * chunk, the outcomes that would change a membership as the snapshot holds it; the others are
     * left out, so that a segment's non-members cost no write.
     */
    private record ChunkEvaluation(
            List<DefinedSegment> segments,
            ProfileSource snapshot,
            Tenant tenant,
            boolean readsEvents,
            Instant now,
            String jobId,
            String time) {
        EvaluatedChunk evaluate(List<byte[]> chunk) {
            List<SegmentOutcome> outcomes = new ArrayList<>();
            Map<String, Struct> merged = new HashMap<>();
            for (byte[] stored : chunk) {
                StoredProfile profile = StoredValues.parse(StoredProfile.parser(), stored, "profile");
                List<Struct> events = readsEvents ? events(snapshot, tenant, profile) : List.of();
                merged.clear();
                Map<String, Membership> memberships = profile.getSegmentMembershipOrDefault(
                                DefinedSegment.NAMESPACE, SegmentMemberships.getDefaultInstance())
                        .getSegmentsMap();
                for (DefinedSegment segment : segments) {
                    Struct attributes = merged.computeIfAbsent(
                            segment.policy().getId(), id -> attributes(profile, segment.policy()));
                    boolean qualifies = segment.evaluator().qualifies(attributes, events, now);
                    Membership known = memberships.get(segment.id());
                    if (!Objects.equals(known, MembershipTransition.next(known, qualifies, jobId, time))) {
                        outcomes.add(new SegmentOutcome(
                                profile.getPrimary(), DefinedSegment.NAMESPACE, segment.id(), qualifies));
                    }
                }
            }
            return new EvaluatedChunk(chunk.size(), outcomes);
        }
    }

    /**
     * The profile's merged attributes. A lone fragment is its own merge under any policy but for its
     * null attributes, which the evaluator takes as missing anyway: it is read as it is.
     */
    private static Struct attributes(StoredProfile profile, MergePolicy policy) {
        return profile.getFragmentsCount() == 1
                ? profile.getFragments(0).getAttributes()
                : ProfileMerger.attributes(profile, policy);
    }

    private static List<Struct> events(ProfileSource snapshot, Tenant tenant, StoredProfile profile) {
        List<Struct> events = new ArrayList<>();
        for (StoredEvent event : snapshot.events(tenant, profile.getPrimary(), 0, Long.MAX_VALUE)) {
            events.add(event.getEvent());
        }
        return events;
    }
}
