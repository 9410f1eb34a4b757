package io.segexport.server.jobs;

import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.util.Optional;
import java.util.function.Function;

/**
 * The export jobs as the API's service reads and writes them, scoped by tenant: the embedded
 * {@link JobStore}, or the cluster's jobs, which any node may serve.
 */
public interface ExportJobs {
    /** What a cancel did: a job that had not ended is cancelled, one that had is deleted. */
    enum Cancelled {
        CANCELLED,
        DELETED
    }

    /** Stores a new job under the next id, unique and increasing across every node that serves the jobs. */
    ExportJob create(Tenant tenant, ExportJob.Builder job);

    Optional<ExportJob> get(Tenant tenant, long id);

    /** Cancels the job at {@code now} ({@link JobCancel}); empty when the tenant has no such job. */
    Optional<Cancelled> cancel(Tenant tenant, long id, long now);

    /** A page of the tenant's jobs, newest first, after {@code after} (null: from the newest). */
    KeysetPage<ExportJob> list(Tenant tenant, Optional<ExportJobStatus> status, JobCursor after, int limit);

    /**
     * Reads the job and hands it to {@code reader} while no change can be told: a listener that
     * {@code reader} registers hears every change after this read, and none before it.
     */
    <T> T readThenListen(Tenant tenant, long id, Function<Optional<ExportJob>, T> reader);
}
