package io.segexport.server.catalog;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Tenant;

/** How the catalog deletes a batch, record and files, where the node can. */
@FunctionalInterface
public interface BatchDeletion {
    /** A node of a cluster keeps its batch records in the cluster's ledger, which has no removal yet. */
    BatchDeletion REFUSED_ON_A_CLUSTER = (tenant, batchId) -> {
        throw ServiceErrors.failedPrecondition(
                "a node of a cluster does not delete batches yet: batch " + batchId + " stays");
    };

    /**
     * Deletes the tenant's batch: NOT_FOUND when it has none, FAILED_PRECONDITION naming its status
     * when it is still being ingested or reverted.
     */
    void delete(Tenant tenant, String batchId);
}
