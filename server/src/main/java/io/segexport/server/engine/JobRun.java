package io.segexport.server.engine;

import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.jobs.EndedMetrics;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.jobs.JobStore.Claimed;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.DiskFull;
import io.segexport.server.store.Folders;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end: the export into a staging folder, then the commit that publishes
 * the batch folders to the batch store and marks the batches and the job in one durable write. A cancel,
 * a failure or a crash before that write leaves nothing visible: staging is removed, and a batch
 * folder without its record is never served (and is replaced when the job runs again).
 */
public final class JobRun {
    static final String FAILURE_CODE = "0100000003";
    static final long DISK_FULL_PAUSE_MILLIS = 1_000;
    private static final Logger logger = LoggerFactory.getLogger(JobRun.class);

    private final JobStore jobs;
    private final DataLayout layout;
    private final BatchStore batchStore;
    private final ProfileExporter exporter;
    private final Clock clock;

    JobRun(JobStore jobs, DataLayout layout, BatchStore batchStore, ProfileExporter exporter, Clock clock) {
        this.jobs = jobs;
        this.layout = layout;
        this.batchStore = batchStore;
        this.exporter = exporter;
        this.clock = clock;
    }

    /** Runs the job; returns normally unless the engine is stopping (the job then stays PROCESSING). */
    void run(Claimed claimed) throws InterruptedException {
        Tenant tenant = claimed.tenant();
        ExportJob job = claimed.job();
        Path staging = layout.staging()
                .resolve(job.getId() + "-" + job.getComputeGatewayJobId().getExportJob());
        RunProbe probe = new RunProbe(RunProbe.stored(jobs, tenant, job.getId()), job.getId(), clock);
        try {
            ExportResult result = exporter.export(tenant, job, staging, probe);
            probe.check();
            commit(tenant, job, staging, result, probe);
        } catch (JobCancelledException e) {
            logger.info("Job {} was cancelled; its output is discarded", job.getId());
        } catch (IOException | RuntimeException e) {
            logger.error("Job {} failed", job.getId(), e);
            failWhenWritable(tenant, job, e, probe);
        } finally {
            Folders.delete(staging);
        }
    }

    private void commit(Tenant tenant, ExportJob job, Path staging, ExportResult result, RunProbe probe)
            throws IOException {
        long now = clock.millis();
        List<Batch> batches = new ArrayList<>();
        List<String> published = new ArrayList<>();
        for (Map.Entry<String, ExportResult.BatchStats> entry : result.batches().entrySet()) {
            batchStore.publish(entry.getKey(), staging.resolve(entry.getKey()));
            published.add(entry.getKey());
            batches.add(JobBatches.of(tenant, job, entry.getKey(), entry.getValue(), result.exportStartMillis(), now));
        }
        ExportJob succeeded = probe.applyTo(job)
                .setStatus(ExportJobStatus.SUCCEEDED)
                .setUpdateTime(now)
                .setMetrics(ExportedMetrics.of(job, result, now))
                .build();
        if (!jobs.complete(tenant, succeeded, batches)) {
            for (String batchId : published) {
                batchStore.delete(batchId);
            }
            logger.info("Job {} was cancelled as it ended; its output is discarded", job.getId());
        }
    }

    /** The job, as it ran, failed at {@code now} for {@code message}, raised as {@code cause} (a class name). */
    public static ExportJob failed(ExportJob ran, String message, String cause, long now) {
        return ran.toBuilder()
                .setStatus(ExportJobStatus.FAILED)
                .setUpdateTime(now)
                .setMetrics(EndedMetrics.unexported(ran, now))
                .addErrors(JobError.newBuilder()
                        .setCode(FAILURE_CODE)
                        .setMsg("Error in Export Job: " + message)
                        .setCallStack(cause))
                .build();
    }

    /**
     * Marks the job FAILED; on a full disk, where that write fails too, tries again every second
     * until the disk has room, so that the job does not stay PROCESSING until the next start.
     */
    private void failWhenWritable(Tenant tenant, ExportJob job, Exception cause, RunProbe probe)
            throws InterruptedException {
        String message = DiskFull.causedBy(cause)
                ? "the data folder's disk is full (No space left on device); run the job again once space is freed"
                : cause.getMessage();
        while (true) {
            try {
                fail(tenant, job, message, cause.getClass().getName(), probe);
                return;
            } catch (RuntimeException e) {
                if (!DiskFull.causedBy(e)) {
                    throw e;
                }
                Thread.sleep(DISK_FULL_PAUSE_MILLIS);
            }
        }
    }

    private void fail(Tenant tenant, ExportJob job, String message, String cause, RunProbe probe) {
        long now = clock.millis();
        jobs.modify(tenant, job.getId(), current -> {
            if (current.getStatus() != ExportJobStatus.PROCESSING) {
                return current;
            }
            return failed(probe.applyTo(current).build(), message, cause, now);
        });
    }
}
