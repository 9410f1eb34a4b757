package io.segexport.server.engine;

import io.segexport.server.engine.ExportResult.BatchStats;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.MergePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Exports a job from the profile store, streaming, from one snapshot, taken after the job's segment
 * evaluation when it asks for one ({@link SegmentEvaluation}). A job that lists segments
 * reads only their members, named by the index of memberships; a job that lists none scans every
 * profile. The profiles come in chunks: {@value #ENCODERS} threads parse, filter, merge and write
 * the chunks' rows as JSON, while the run's own thread reads the next chunks and appends the rows
 * to the batches in key order. At most {@value #CHUNKS_IN_FLIGHT} chunks are held at once, so memory
 * stays bounded however many profiles there are.
 *
 * <p>A row is an XDM profile: {@code identityMap}, the {@code segmentMembership} entries of the
 * exported segments (all of them when the job lists none), the attributes kept by {@code fields},
 * and {@code eventList} when the job asks for events.
 */
public final class StoreExporter implements ProfileExporter {
    static final int ENCODERS = 2;
    static final int CHUNKS_IN_FLIGHT = 2 * ENCODERS + 2;
    private static final int CHUNK_PROFILES = 256;

    private final ProfileStore profiles;
    private final MergePolicyStore mergePolicies;
    private final SegmentEvaluation evaluation;
    private final Clock clock;

    public StoreExporter(
            ProfileStore profiles, MergePolicyStore mergePolicies, SegmentDefinitionStore definitions, Clock clock) {
        this.profiles = profiles;
        this.mergePolicies = mergePolicies;
        this.evaluation = new SegmentEvaluation(profiles, definitions, mergePolicies, clock);
        this.clock = clock;
    }

    @Override
    public ExportResult export(Tenant tenant, ExportJob job, Path staging, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        MergePolicy policy = mergePolicies
                .find(tenant, job.getMergePolicy().getId())
                .orElseThrow(() -> new IllegalStateException(
                        "merge policy " + job.getMergePolicy().getId() + " no longer exists"));
        JobPlan plan = new JobPlan(job);
        Optional<SegmentEvaluation.Stats> segmentation = evaluation.run(tenant, job, probe);
        List<BatchWriter> writers = new ArrayList<>();
        Map<String, Long> byNamespace = new TreeMap<>();
        long start = clock.millis();
        probe.exportStarted(start);
        try (ProfileSource snapshot = profiles.snapshot()) {
            for (String batchId : plan.batchIds()) {
                writers.add(new BatchWriter(staging.resolve(batchId), BatchWriter.PART_BYTES));
            }
            ProfileRows rows = new ProfileRows(tenant, plan, policy, snapshot);
            try (ProfileChunks chunks = read(tenant, plan, snapshot, probe);
                    OrderedWorkers<RowChunk> encoders =
                            new OrderedWorkers<>(ENCODERS, CHUNKS_IN_FLIGHT, "segexport-encoder")) {
                encoders.pipe(chunks, rows::encode, chunk -> append(chunk, writers, byNamespace, probe));
            }
        } finally {
            for (BatchWriter writer : writers) {
                writer.close();
            }
        }
        long end = clock.millis();
        long exported = byNamespace.values().stream().mapToLong(Long::longValue).sum();
        Map<String, BatchStats> batches = new LinkedHashMap<>();
        for (int i = 0; i < writers.size(); i++) {
            BatchWriter writer = writers.get(i);
            batches.put(plan.batchIds().get(i), new BatchStats(writer.rows(), writer.files(), writer.bytes()));
        }
        return new ExportResult(batches, exported, byNamespace, start, end, segmentation);
    }

    /**
     * The profiles the job reads, after telling the probe how many: the members of its segments
     * (those the index holds with a listed status and a qualification time in the window), or every
     * profile when it lists none.
     */
    private static ProfileChunks read(Tenant tenant, JobPlan plan, ProfileSource snapshot, RunProbe probe) {
        SegmentFilter segments = plan.segments();
        if (segments.keepsEveryone()) {
            probe.profilesTotal(snapshot.profileCount(tenant));
            return snapshot.allProfiles(tenant, CHUNK_PROFILES);
        }
        probe.profilesTotal(snapshot.memberCount(tenant, segments.indexRanges(), segments.window()));
        return snapshot.members(tenant, segments.indexRanges(), segments.window(), CHUNK_PROFILES);
    }

    /** Appends a chunk's rows to the batches, counting its exported profiles by namespace. */
    private static void append(RowChunk chunk, List<BatchWriter> writers, Map<String, Long> byNamespace, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        chunk.appendTo(writers);
        for (int i = 0; i < chunk.profiles(); i++) {
            String namespace = chunk.exportedNamespace(i);
            if (namespace != null) {
                byNamespace.merge(namespace, 1L, Long::sum);
            }
            probe.profileRead(chunk.rowsOf(i));
        }
    }
}
