package io.segexport.server.engine;

import static io.segexport.server.jobs.EndedMetrics.span;

import io.segexport.server.jobs.EndedMetrics;
import io.segexport.v1.ExportJob;
import io.segexport.v1.JobMetrics;

/** The metrics of a job that succeeded, from what its run wrote (those of the other endings: {@link EndedMetrics}). */
public final class ExportedMetrics {
    private ExportedMetrics() {}

    /** Of a job that succeeded at {@code now} with this export. */
    public static JobMetrics of(ExportJob job, ExportResult result, long now) {
        JobMetrics.Builder metrics = JobMetrics.newBuilder()
                .setTotalTime(span(job.getCreationTime(), now))
                .setProfileExportTime(span(result.exportStartMillis(), result.exportEndMillis()))
                .setTotalExportedProfileCounter(result.exportedProfiles())
                .putAllExportedProfileByNamespaceCounter(result.byNamespace());
        result.segmentation()
                .ifPresent(segmentation -> metrics.setSegmentationTime(
                                span(segmentation.startMillis(), segmentation.endMillis()))
                        .setSegmentedProfileCounter(segmentation.profiles()));
        return metrics.build();
    }
}
