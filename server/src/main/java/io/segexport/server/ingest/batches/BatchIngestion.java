package io.segexport.server.ingest.batches;

import io.grpc.BindableService;
import io.segexport.server.limits.Limits;
import io.segexport.server.profiles.ingest.FileRecordIngestion;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSet;
import java.time.Clock;

/** Batch ingestion assembled: its service, and the processor that runs behind it. */
public final class BatchIngestion implements AutoCloseable {
    private final BatchIngestionService service;
    private final BatchProcessor processor;

    public BatchIngestion(
            Database database,
            DataLayout layout,
            TenantRecords<Batch> catalogBatches,
            TenantRecords<DataSet> dataSets,
            ProfileStore profiles,
            Limits limits,
            Clock clock) {
        IngestBatches batches = new IngestBatches(database, catalogBatches, clock);
        UploadFolder uploads = new UploadFolder(layout);
        processor = new BatchProcessor(batches, dataSets, uploads, layout, new FileRecordIngestion(profiles), limits);
        service = new BatchIngestionService(batches, dataSets, new BatchFileStore(batches, uploads), processor);
    }

    public BindableService service() {
        return service;
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
