package io.segexport.server.engine;

import io.segexport.server.jobs.JobStore;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobProgress;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Called by a run between profiles: every {@value #CHECK_MILLIS} ms it looks whether the job is
 * still PROCESSING (a cancel stops the run within a fraction of a second), and every
 * {@value #PUBLISH_MILLIS} ms it publishes the progress so far for GET and watchers. Reading the
 * clock only once every {@value #CALLS_PER_CHECK} calls keeps it off the per-profile cost.
 */
public final class RunProbe {
    /** The job a run reports to. */
    public interface Tracked {
        /** Whether the job is still PROCESSING. */
        boolean running();

        /** Replaces the job, if still PROCESSING, by {@code withProgress} of it; false when it no longer runs. */
        boolean publish(UnaryOperator<ExportJob> withProgress);
    }

    static final long CHECK_MILLIS = 100;
    static final long PUBLISH_MILLIS = 500;
    private static final int CALLS_PER_CHECK = 256;
    private static final long NOT_STARTED = -1;
    /** The progress of a run that has just started: every counter at 0, so that all of them show. */
    public static final JobProgress NO_PROGRESS = JobProgress.newBuilder()
            .setProfilesRead(0)
            .setRowsWritten(0)
            .setProfilesTotal(0)
            .setProfilesEvaluated(0)
            .build();

    private final Tracked job;
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

    /** A probe of the job {@code jobId}, as {@code job} tracks it. */
    public RunProbe(Tracked job, long jobId, Clock clock) {
        this.job = job;
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
    public void exportStarted(long millis) {
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
    public void check() throws JobCancelledException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("the engine is stopping");
        }
        long now = clock.millis();
        if (now >= nextPublish) {
            publish();
            nextPublish = now + PUBLISH_MILLIS;
        } else if (now >= nextCheck) {
            if (!job.running()) {
                throw new JobCancelledException(jobId);
            }
        }
        nextCheck = now + CHECK_MILLIS;
    }

    public JobProgress progress() {
        return JobProgress.newBuilder()
                .setProfilesRead(profilesRead)
                .setRowsWritten(rowsWritten)
                .setProfilesTotal(profilesTotal)
                .setProfilesEvaluated(profilesEvaluated)
                .build();
    }

    /** The job with what this run has done so far: its progress, and its export's start once it began. */
    public ExportJob.Builder applyTo(ExportJob job) {
        ExportJob.Builder ran = job.toBuilder().setProgress(progress());
        if (exportStartMillis != NOT_STARTED) {
            ran.getMetricsBuilder().getProfileExportTimeBuilder().setStartTimeInMs(exportStartMillis);
        }
        return ran;
    }

    private void publish() throws JobCancelledException {
        if (!job.publish(
                current -> applyTo(current).setUpdateTime(clock.millis()).build())) {
            throw new JobCancelledException(jobId);
        }
    }

    /** The embedded store's job: its progress published in the store. */
    static Tracked stored(JobStore jobs, Tenant tenant, long id) {
        return new Tracked() {
            @Override
            public boolean running() {
                return jobs.get(tenant, id).map(RunProbe::isProcessing).orElse(false);
            }

            @Override
            public boolean publish(UnaryOperator<ExportJob> withProgress) {
                return jobs.modify(tenant, id, job -> isProcessing(job) ? withProgress.apply(job) : job)
                        .map(RunProbe::isProcessing)
                        .orElse(false);
            }
        };
    }

    private static boolean isProcessing(ExportJob job) {
        return job.getStatus() == ExportJobStatus.PROCESSING;
    }
}
