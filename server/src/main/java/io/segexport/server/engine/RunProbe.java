package io.segexport.server.engine;

import io.segexport.server.jobs.JobStore;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobProgress;
import java.time.Clock;

/**
 * Called by a run between profiles: every {@value #CHECK_MILLIS} ms it looks whether the job is
 * still PROCESSING (a cancel stops the run within a fraction of a second), and every
 * {@value #PUBLISH_MILLIS} ms it publishes the progress so far for GET and watchers. Reading the
 * clock only once every {@value #CALLS_PER_CHECK} calls keeps it off the per-profile cost.
 */
final class RunProbe {
    static final long CHECK_MILLIS = 100;
    static final long PUBLISH_MILLIS = 500;
    private static final int CALLS_PER_CHECK = 256;
    private static final long NOT_STARTED = -1;
    /** The progress of a run that has just started: every counter at 0, so that all of them show. */
    static final JobProgress NO_PROGRESS = JobProgress.newBuilder()
            .setProfilesRead(0)
            .setRowsWritten(0)
            .setProfilesTotal(0)
            .setProfilesEvaluated(0)
            .build();

    private final JobStore jobs;
    private final Tenant tenant;
    private final long jobId;
    private final Clock clock;
    private long nextCheck;
    private long nextPublish;
    private int calls;
    private long profilesRead;
    private long rowsWritten;
    private long profilesTotal;
    private long profilesEvaluated;
    private long exportStartMillis = NOT_STARTED;

    RunProbe(JobStore jobs, Tenant tenant, long jobId, Clock clock) {
        this.jobs = jobs;
        this.tenant = tenant;
        this.jobId = jobId;
        this.clock = clock;
        long now = clock.millis();
        this.nextCheck = now + CHECK_MILLIS;
        this.nextPublish = now + PUBLISH_MILLIS;
    }

    /**
     * The export began reading profiles at this time: published with the progress as
     * metrics.profileExportTime's start, so that a job that does not succeed ends with the time it
     * spent exporting.
     */
    void exportStarted(long millis) {
        exportStartMillis = millis;
    }

    /** How many profiles the run will read, once it knows; published at the next check, so watchers see it early. */
    void profilesTotal(long total) {
        profilesTotal = total;
        nextPublish = 0;
    }

    /** Counts one profile read and the rows it gave; stops the run when the job is no longer running. */
    void profileRead(int rows) throws JobCancelledException, InterruptedException {
        profilesRead++;
        rowsWritten += rows;
        if (++calls % CALLS_PER_CHECK == 0) {
            check();
        }
    }

    /** Counts profiles the segment evaluation has evaluated; stops the run when the job is no longer running. */
    void profilesEvaluated(int count) throws JobCancelledException, InterruptedException {
        profilesEvaluated += count;
        check();
    }

    /** Checks now, whatever the count: before and after the long steps of a run. */
    void check() throws JobCancelledException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("the engine is stopping");
        }
        long now = clock.millis();
        if (now >= nextPublish) {
            publish();
            nextPublish = now + PUBLISH_MILLIS;
        } else if (now >= nextCheck) {
            if (jobs.get(tenant, jobId)
                    .map(job -> job.getStatus() != ExportJobStatus.PROCESSING)
                    .orElse(true)) {
                throw new JobCancelledException(jobId);
            }
        }
        nextCheck = now + CHECK_MILLIS;
    }

    JobProgress progress() {
        return JobProgress.newBuilder()
                .setProfilesRead(profilesRead)
                .setRowsWritten(rowsWritten)
                .setProfilesTotal(profilesTotal)
                .setProfilesEvaluated(profilesEvaluated)
                .build();
    }

    /** The job with what this run has done so far: its progress, and its export's start once it began. */
    ExportJob.Builder applyTo(ExportJob job) {
        ExportJob.Builder ran = job.toBuilder().setProgress(progress());
        if (exportStartMillis != NOT_STARTED) {
            ran.getMetricsBuilder().getProfileExportTimeBuilder().setStartTimeInMs(exportStartMillis);
        }
        return ran;
    }

    private void publish() throws JobCancelledException {
        boolean running = jobs.modify(
                        tenant,
                        jobId,
                        job -> job.getStatus() != ExportJobStatus.PROCESSING
                                ? job
                                : applyTo(job).setUpdateTime(clock.millis()).build())
                .map(job -> job.getStatus() == ExportJobStatus.PROCESSING)
                .orElse(false);
        if (!running) {
            throw new JobCancelledException(jobId);
        }
    }
}
