package io.segexport.server.jobs;

import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;

/**
 * Hears every write of a job, in the order the writes were made. It is called while the job store
 * holds its writer lock, so it must only hand the change on, never block.
 */
@FunctionalInterface
public interface JobChangeListener {
    JobChangeListener NONE = (tenant, id, job) -> {};

    /** {@code job} is the job as now stored, or null when it was deleted. */
    void changed(Tenant tenant, long id, ExportJob job);

    /** This listener, then {@code next}, for every change. */
    default JobChangeListener andThen(JobChangeListener next) {
        return (tenant, id, job) -> {
            changed(tenant, id, job);
            next.changed(tenant, id, job);
        };
    }
}
