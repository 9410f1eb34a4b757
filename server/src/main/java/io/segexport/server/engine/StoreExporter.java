package io.segexport.server.engine;

import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.MergePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Exports a job from the profile store ({@link SourceExport}), from one snapshot, taken after the
 * job's segment evaluation when it asks for one ({@link SegmentEvaluation}).
 *
 * <p>A row is an XDM profile: {@code identityMap}, the {@code segmentMembership} entries of the
 * exported segments (all of them when the job lists none), the attributes kept by {@code fields},
 * and {@code eventList} when the job asks for events.
 */
public final class StoreExporter implements ProfileExporter {
    private final ProfileStore profiles;
    private final MergePolicyStore mergePolicies;
    private final SegmentDefinitionStore definitions;
    private final Clock clock;

    public StoreExporter(
            ProfileStore profiles, MergePolicyStore mergePolicies, SegmentDefinitionStore definitions, Clock clock) {
        this.profiles = profiles;
        this.mergePolicies = mergePolicies;
        this.definitions = definitions;
        this.clock = clock;
    }

    @Override
    public ExportResult export(Tenant tenant, ExportJob job, Path staging, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        MergePolicy policy = mergePolicies
                .find(tenant, job.getMergePolicy().getId())
                .orElseThrow(() -> new IllegalStateException(
                        "merge policy " + job.getMergePolicy().getId() + " no longer exists"));
        Optional<SegmentEvaluation.Stats> segmentation = Optional.empty();
        Optional<SegmentEvaluation> evaluation = SegmentEvaluation.of(tenant, job, definitions, mergePolicies, clock);
        if (evaluation.isPresent()) {
            try (ProfileSource snapshot = profiles.snapshot()) {
                segmentation = Optional.of(evaluation
                        .get()
                        .run(snapshot, profiles::writeOutcomes, clock.instant().truncatedTo(ChronoUnit.MILLIS), probe));
            }
        }
        try (ProfileSource snapshot = profiles.snapshot()) {
            return SourceExport.write(tenant, job, policy, snapshot, staging, SourceExport.PART_PREFIX, clock, probe)
                    .withSegmentation(segmentation);
        }
    }
}
