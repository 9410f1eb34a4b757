package io.segexport.server.engine;

import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.jobs.JobStore.Claimed;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.DiskFull;
import io.segexport.server.store.Folders;
import io.segexport.v1.ComputeGatewayJobId;
import io.segexport.v1.ExportJobStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export engine: a fixed number of workers that take NEW jobs oldest first and run them, passing
 * over the jobs of an org that already runs as many as it may (they wait as NEW). At start, jobs left
 * PROCESSING by a stopped process go back to NEW and run again from the start, and leftover staging
 * folders are removed.
 */
public final class ExportEngine implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ExportEngine.class);
    private static final long IDLE_POLL_MILLIS = 1000;

    private final JobStore jobs;
    private final DataLayout layout;
    private final JobRun run;
    private final Clock clock;
    private final int maxRunningPerOrg;
    private final List<Thread> workers = new ArrayList<>();
    private final Semaphore newJobs = new Semaphore(0);
    private volatile boolean running;

    /** An engine running at most {@code maxRunningPerOrg} jobs of one org at once (the org-running-jobs limit). */
    public ExportEngine(
            JobStore jobs,
            DataLayout layout,
            BatchStore batchStore,
            ProfileExporter exporter,
            Clock clock,
            int maxRunningPerOrg) {
        if (maxRunningPerOrg < 1) {
            throw new IllegalArgumentException("maxRunningPerOrg must be positive, not " + maxRunningPerOrg);
        }
        this.jobs = jobs;
        this.layout = layout;
        this.run = new JobRun(jobs, layout, batchStore, exporter, clock);
        this.clock = clock;
        this.maxRunningPerOrg = maxRunningPerOrg;
    }

    /** Requeues interrupted jobs and starts {@code workerCount} workers. */
    public void start(int workerCount) {
        Folders.delete(layout.staging());
        int requeued = jobs.requeueInterrupted(job -> job.toBuilder()
                .setStatus(ExportJobStatus.NEW)
                .setUpdateTime(clock.millis())
                .clearProgress()
                .setMetrics(job.getMetrics().toBuilder().clearProfileExportTime())
                .setComputeGatewayJobId(ComputeGatewayJobId.newBuilder().setExportJob(""))
                .build());
        if (requeued > 0) {
            logger.info("{} interrupted export jobs will run again from the start", requeued);
        }
        running = true;
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "segexport-export-" + i);
            worker.start();
            workers.add(worker);
        }
    }

    /** Tells the workers a job is waiting, so that it starts now rather than at the next poll. */
    public void wake() {
        newJobs.release();
    }

    private void work() {
        while (running) {
            try {
                Optional<Claimed> claimed = jobs.claimNext(
                        maxRunningPerOrg,
                        job -> job.toBuilder()
                                .setStatus(ExportJobStatus.PROCESSING)
                                .setUpdateTime(clock.millis())
                                .setProgress(RunProbe.NO_PROGRESS)
                                .setComputeGatewayJobId(ComputeGatewayJobId.newBuilder()
                                        .setExportJob(UUID.randomUUID().toString()))
                                .build());
                if (claimed.isPresent()) {
                    run.run(claimed.get());
                } else {
                    newJobs.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    newJobs.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (DiskFull.causedBy(e)) {
                    logger.warn("The export worker waits: {}", DiskFull.MESSAGE);
                } else {
                    logger.error("The export worker met a fault; it goes on", e);
                }
                // The store may fail the next claim the same way: no busy loop of failures.
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** Waits a moment after a fault; false when the wait was interrupted (the engine stops). */
    private static boolean pause() {
        try {
            Thread.sleep(JobRun.DISK_FULL_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops the workers; a job they were running stays PROCESSING and runs again at the next start. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
