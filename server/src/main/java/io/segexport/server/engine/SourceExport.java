package io.segexport.server.engine;

import io.segexport.server.engine.ExportResult.BatchStats;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileSource;
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
 * Writes a job's rows of one {@link ProfileSource} (the embedded store's snapshot, or one partition
 * of a cluster) into one folder per batch under a staging folder, streaming. A job that lists
 * segments reads only their members, named by the index of memberships; a job that lists none
 * scans every profile. The profiles come in chunks: {@value #ENCODERS} threads parse, filter,
 * merge and write the chunks' rows as JSON, while the calling thread reads the next chunks and
 * appends the rows to the batches in key order. At most {@value #CHUNKS_IN_FLIGHT} chunks are held
 * at once, so memory stays bounded however many profiles there are.
 */
public final class SourceExport {
    static final int ENCODERS = 2;
    static final int CHUNKS_IN_FLIGHT = 2 * ENCODERS + 2;
    /** The part files' names of a whole export: part-00000.json, ... */
    static final String PART_PREFIX = "part-";

    private static final int CHUNK_PROFILES = 256;

    private SourceExport() {}

    /**
     * Writes the job's batches from {@code source} under {@code staging}, their part files named
     * {@code partPrefix} then a five-digit count; the result has no segmentation.
     */
    public static ExportResult write(
            Tenant tenant,
            ExportJob job,
            MergePolicy policy,
            ProfileSource source,
            Path staging,
            String partPrefix,
            Clock clock,
            RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException {
        JobPlan plan = new JobPlan(job);
        List<BatchWriter> writers = new ArrayList<>();
        Map<String, Long> byNamespace = new TreeMap<>();
        long start = clock.millis();
        probe.exportStarted(start);
        try {
            for (String batchId : plan.batchIds()) {
                writers.add(new BatchWriter(staging.resolve(batchId), partPrefix, BatchWriter.PART_BYTES));
            }
            ProfileRows rows = new ProfileRows(tenant, plan, policy, source);
            try (ProfileChunks chunks = read(tenant, plan, source, probe);
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
        return new ExportResult(batches, exported, byNamespace, start, end, Optional.empty());
    }

    /**
     * The profiles the job reads, after telling the probe how many: the members of its segments
     * (those the index holds with a listed status and a qualification time in the window), or every
     * profile when it lists none.
     */
    private static ProfileChunks read(Tenant tenant, JobPlan plan, ProfileSource source, RunProbe probe) {
        SegmentFilter segments = plan.segments();
        if (segments.keepsEveryone()) {
            probe.profilesTotal(source.profileCount(tenant));
            return source.allProfiles(tenant, CHUNK_PROFILES);
        }
        probe.profilesTotal(source.memberCount(tenant, segments.indexRanges(), segments.window()));
        return source.members(tenant, segments.indexRanges(), segments.window(), CHUNK_PROFILES);
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
