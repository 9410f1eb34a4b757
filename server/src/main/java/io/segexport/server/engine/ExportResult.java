package io.segexport.server.engine;

import java.util.Map;
import java.util.Optional;

/**
 * What a run wrote.
 *
 * @param batches            per batch id, its rows, files and bytes
 * @param exportedProfiles   profiles written, over all batches (a profile in two batches counts once)
 * @param byNamespace        exported profiles by the namespace of their primary identity
 * @param exportStartMillis  when reading profiles began
 * @param exportEndMillis    when the last row was written
 * @param segmentation       the segment evaluation that ran before, if any
 */
public record ExportResult(
        Map<String, BatchStats> batches,
        long exportedProfiles,
        Map<String, Long> byNamespace,
        long exportStartMillis,
        long exportEndMillis,
        Optional<SegmentEvaluation.Stats> segmentation) {
    /** The counts of one batch's files. */
    public record BatchStats(long rows, int files, long bytes) {}

    /** This result, after the segment evaluation {@code segmentation}. */
    ExportResult withSegmentation(Optional<SegmentEvaluation.Stats> segmentation) {
        return new ExportResult(
                batches, exportedProfiles, byNamespace, exportStartMillis, exportEndMillis, segmentation);
    }
}
