package io.segexport.server.jobs;

import io.segexport.v1.ExportJob;
import io.segexport.v1.JobMetrics;
import io.segexport.v1.TimeSpan;

/**
 * The metrics of a job as it ends, whichever way: both timings whole and both counters set, 0 and
 * {} included, so that every ended job (SUCCEEDED, FAILED or CANCELLED) shows the same fields. Those
 * of a job that succeeded are the engine's (its ExportedMetrics), from what the run wrote.
 */
public final class EndedMetrics {
    private EndedMetrics() {}

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

    /** The span from {@code start} to {@code end}, its total set. */
    public static TimeSpan span(long start, long end) {
        return TimeSpan.newBuilder()
                .setStartTimeInMs(start)
                .setEndTimeInMs(end)
                .setTotalTimeInMs(end - start)
                .build();
    }
}
