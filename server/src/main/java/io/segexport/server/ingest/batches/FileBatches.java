package io.segexport.server.ingest.batches;

import io.segexport.server.store.Tenant;

/** Where records bound for a dataset that keeps files only become a batch of it. */
public interface FileBatches {
    /**
     * Makes the records (compact JSON, one a line) one new batch of the dataset, processed like an
     * uploaded file; answers the batch's id.
     */
    String submit(Tenant tenant, String datasetId, String fileName, byte[] jsonLines);
}
