package io.segexport.server;

import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.Batch;
import io.segexport.v1.BatchMetrics;
import io.segexport.v1.RelatedObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Batches as the export engine leaves them, written before a server opens the data folder: a Batch
 * record (status "success", its dataset in relatedObjects) in a tenant's catalog, and part files in
 * {@code DATA_DIR/batches/{batchId}/}.
 */
final class ExportedBatches implements AutoCloseable {
    static final long CREATED = 1_700_000_000_000L;
    static final long UPDATED = 1_700_000_005_000L;

    private final DataLayout layout;
    private final Database database;
    private final TenantRecords<Batch> batches;

    private ExportedBatches(DataLayout layout, Database database) {
        this.layout = layout;
        this.database = database;
        this.batches = TenantRecords.batches(database);
    }

    static ExportedBatches open(Path dataDir) throws Exception {
        DataLayout layout = new DataLayout(dataDir);
        return new ExportedBatches(layout, Database.open(layout.rocksDb()));
    }

    /** A succeeded batch of {@code tenant} into {@code dataSetId}, with these part files. */
    void put(Tenant tenant, String batchId, String dataSetId, Map<String, byte[]> parts) throws IOException {
        record(tenant, batchId, dataSetId, "success");
        files(batchId, parts);
    }

    /** Only the record of a batch, in any status. */
    void record(Tenant tenant, String batchId, String dataSetId, String status) {
        batches.put(
                new io.segexport.server.store.Tenant(tenant.orgId(), tenant.sandbox()),
                batchId,
                Batch.newBuilder()
                        .setId(batchId)
                        .setStatus(status)
                        .setImsOrg(tenant.orgId())
                        .setCreated(CREATED)
                        .setUpdated(UPDATED)
                        .setStarted(CREATED)
                        .setCompleted(UPDATED)
                        .addRelatedObjects(
                                RelatedObject.newBuilder().setType("dataSet").setId(dataSetId))
                        .setMetrics(BatchMetrics.newBuilder().setRecordCount(3))
                        .build());
    }

    /** Only the files of a batch, in its folder. */
    Path files(String batchId, Map<String, byte[]> parts) throws IOException {
        Path folder = Files.createDirectories(layout.batch(batchId));
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            Files.write(folder.resolve(part.getKey()), part.getValue());
        }
        return folder;
    }

    /** Newline-delimited JSON rows, as an export writes them. */
    static byte[] rows(String... ids) {
        StringBuilder rows = new StringBuilder();
        for (String id : ids) {
            rows.append("{\"identityMap\":{\"email\":[{\"id\":\"").append(id).append("\",\"primary\":true}]}}\n");
        }
        return rows.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that no two offsets share by accident, so a wrong range never passes for a right one. */
    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        database.close();
    }
}
