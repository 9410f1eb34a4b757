package io.segexport.server.jobs;

import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobStatuses;

/** What a cancel makes of a job, in either mode: one that has not ended is CANCELLED, one that has is deleted. */
public final class JobCancel {
    private JobCancel() {}

    /** The job after a cancel at {@code now}; null when the cancel deletes it. */
    public static ExportJob apply(ExportJob job, long now) {
        return isEnded(job)
                ? null
                : job.toBuilder()
                        .setStatus(ExportJobStatus.CANCELLED)
                        .setUpdateTime(now)
                        .setMetrics(EndedMetrics.unexported(job, now))
                        .build();
    }

    /** What the cancel of {@code before} did. */
    public static ExportJobs.Cancelled outcome(ExportJob before) {
        return isEnded(before) ? ExportJobs.Cancelled.DELETED : ExportJobs.Cancelled.CANCELLED;
    }

    static boolean isEnded(ExportJob job) {
        return JobStatuses.isEnded(job.getStatus());
    }
}
