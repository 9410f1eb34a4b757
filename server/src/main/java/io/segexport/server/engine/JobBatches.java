package io.segexport.server.engine;

import io.segexport.server.engine.ExportResult.BatchStats;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import io.segexport.v1.BatchMetrics;
import io.segexport.v1.ExportJob;
import io.segexport.v1.RelatedObject;

/** The catalog's record of a batch a job wrote, as the job commits: in the job's dataset, with its counts. */
public final class JobBatches {
    private JobBatches() {}

    /** The batch {@code id} of {@code job}, whose export began at {@code started} and was committed at {@code now}. */
    public static Batch of(Tenant tenant, ExportJob job, String id, BatchStats stats, long started, long now) {
        return Batch.newBuilder()
                .setId(id)
                .setStatus("success")
                .setImsOrg(tenant.orgId())
                .setCreated(job.getCreationTime())
                .setUpdated(now)
                .setStarted(started)
                .setCompleted(now)
                .addRelatedObjects(RelatedObject.newBuilder()
                        .setType("dataSet")
                        .setId(job.getDestination().getDatasetId()))
                .setMetrics(BatchMetrics.newBuilder()
                        .setRecordCount(stats.rows())
                        .setOutputFileCount(stats.files())
                        .setOutputByteSize(stats.bytes()))
                .build();
    }
}
