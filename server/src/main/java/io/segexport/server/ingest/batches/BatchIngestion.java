package io.segexport.server.ingest.batches;

import io.grpc.BindableService;
import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.limits.Limits;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.v1.DataSet;
import java.time.Clock;

/** Batch ingestion assembled: its service, and the processor that runs behind it. */
public final class BatchIngestion implements FileBatches, AutoCloseable {
    private final BatchIngestionService service;
    private final BatchProcessor processor;

    /**
     * Batch ingestion over {@code ledger}'s batches and {@code uploads}' bytes, processing into
     * {@code layout}'s output folders, then the batch store, as {@code site} says.
     */
    public BatchIngestion(
            BatchLedger ledger,
            Uploads uploads,
            DataLayout layout,
            BatchStore batchStore,
            Records<DataSet> dataSets,
            ProcessingSite site,
            Limits limits,
            Clock clock,
            IngestMeter meter) {
        IngestBatches batches = new IngestBatches(ledger, clock);
        processor = new BatchProcessor(batches, dataSets, uploads, layout, batchStore, site, limits, meter);
        service = new BatchIngestionService(batches, dataSets, new BatchFileStore(batches, uploads), processor);
    }

    public BindableService service() {
        return service;
    }

    @Override
    public String submit(Tenant tenant, String datasetId, String fileName, byte[] jsonLines) {
        return service.submit(tenant, datasetId, fileName, jsonLines);
    }

    /** Resumes the batches a stop left processing and starts processing. */
    public void start() {
        processor.start();
    }

    @Override
    public void close() throws InterruptedException {
        processor.close();
    }
}
