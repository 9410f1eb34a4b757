package io.segexport.server.engine;

import com.google.protobuf.Struct;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.pql.Evaluator;
import io.segexport.server.profiles.memberships.MembershipTransition;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.merge.ProfileMerger;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.store.ProfileStore;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's segment evaluation (evaluationInfo.segmentation true): each listed segment of namespace
 * "ups" that has a definition is evaluated over every profile of the tenant, read from one snapshot
 * in chunks on {@value SourceExport#ENCODERS} threads, and the memberships that change are written
 * back, {@value #OUTCOMES_PER_WRITE} at most per synced batch, so memory stays bounded however many
 * profiles there are. Every profile is evaluated at the same instant, the evaluation's start.
 */
final class SegmentEvaluation {
    private static final int CHUNK_PROFILES = 256;
    private static final int OUTCOMES_PER_WRITE = 10_000;

    private final ProfileStore profiles;
    private final SegmentDefinitionStore definitions;
    private final MergePolicyStore mergePolicies;
    private final Clock clock;

    /** What an evaluation did: when it ran, in ms since the epoch, and how many profiles it read. */
    record Stats(long startMillis, long endMillis, long profiles) {}

    /** How many profiles a chunk held, and the outcomes of those that change a membership. */
    private record EvaluatedChunk(int profiles, List<SegmentOutcome> outcomes) {}

    SegmentEvaluation(
            ProfileStore profiles, SegmentDefinitionStore definitions, MergePolicyStore mergePolicies, Clock clock) {
        this.profiles = profiles;
        this.definitions = definitions;
        this.mergePolicies = mergePolicies;
        this.clock = clock;
    }

    /** Evaluates the job's defined segments; empty when it asks for no evaluation or lists none. */
    Optional<Stats> run(Tenant tenant, ExportJob job, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        List<DefinedSegment> segments = job.getEvaluationInfo().getSegmentation() ? defined(tenant, job) : List.of();
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String jobId = Long.toString(job.getId());
        String time = now.toString();
        boolean readsEvents =
                segments.stream().anyMatch(segment -> segment.evaluator().readsEvents());
        List<SegmentOutcome> outcomes = new ArrayList<>();
        try (ProfileSource snapshot = profiles.snapshot();
                ProfileChunks chunks = snapshot.allProfiles(tenant, CHUNK_PROFILES);
                OrderedWorkers<EvaluatedChunk> evaluators = new OrderedWorkers<>(
                        SourceExport.ENCODERS, SourceExport.CHUNKS_IN_FLIGHT, "segexport-evaluator")) {
            ChunkEvaluation evaluation = new ChunkEvaluation(segments, snapshot, tenant, readsEvents, now, jobId, time);
            evaluators.pipe(chunks, evaluation::evaluate, done -> {
                outcomes.addAll(done.outcomes());
                if (outcomes.size() >= OUTCOMES_PER_WRITE) {
                    profiles.writeOutcomes(tenant, outcomes, jobId, time);
                    outcomes.clear();
                }
                probe.profilesEvaluated(done.profiles());
            });
        }
        profiles.writeOutcomes(tenant, outcomes, jobId, time);
        return Optional.of(
                new Stats(now.toEpochMilli(), clock.millis(), probe.progress().getProfilesEvaluated()));
    }

    /** The job's listed segments that have a definition, in the order listed (a job lists a segment once). */
    private List<DefinedSegment> defined(Tenant tenant, ExportJob job) {
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
