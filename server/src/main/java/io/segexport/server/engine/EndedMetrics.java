package io.segexport.server.engine;

import io.segexport.v1.ExportJob;
import io.segexport.v1.JobMetrics;
import io.segexport.v1.TimeSpan;

/**
 * The metrics of a job as it ends, whichever way: both timings whole and both counters set, 0 and
 * {} included, so that every ended job (SUCCEEDED, FAILED or CANCELLED) shows the same fields.
 */
public final class EndedMetrics {
    private EndedMetrics() {}

    /** Of a job that succeeded at {@code now} with this export. */
    static JobMetrics exported(ExportJob job, ExportResult result, long now) {
        JobMetrics.Builder metrics = JobMetrics.newBuilder()
                .setTotalTime(span(job.getCreationTime(), now))
                .setProfileExportTime(span(result.exportStartMillis(), result.exportEndMillis()))
                .setTotalExportedProfileCounter(result.exportedProfiles())
                .putAllExportedProfileByNamespaceCounter(result.byNamespace());
        result.segmentation().ifPresent(segmentation -> metrics
                .setSegmentationTime(span(segmentation.startMillis(), segmentation.endMillis()))
                .setSegmentedProfileCounter(segmentation.profiles()));
        return metrics.build();
    }

    /**
     * Of a job that ended at {@code now} without a readable export (it failed or was cancelled): 0
     * profiles exported; its export time runs from when its export began, as the job holds it, to
     * now, and is the instant {@code now} when the export had not begun.
     */
    public static JobMetrics unexported(ExportJob job, long now) {
        TimeSpan export = job.getMetrics().getProfileExportTime();
        long exportStart = export.hasStartTimeInMs() ? export.getStartTimeInMs() : now;
        return job.getMetrics().toBuilder()
                .setTotalTime(span(job.getCreationTime(), now))
                .setProfileExportTime(span(exportStart, now))
                .setTotalExportedProfileCounter(0)
                .clearExportedProfileByNamespaceCounter()
                .build();
    }

    private static TimeSpan span(long start, long end) {
        return TimeSpan.newBuilder().setStartTimeInMs(start).setEndTimeInMs(end).setTotalTimeInMs(end - start).build();
    }
}
