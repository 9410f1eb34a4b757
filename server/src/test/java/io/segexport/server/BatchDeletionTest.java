package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.retention.stored.BatchRemoval;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.TenantRecords;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DELETE /data/foundation/catalog/batches/{id}: the record and the files go, for every reader and after a stop. */
class BatchDeletionTest {
    private static final String CATALOG_BATCHES = BatchUploads.CATALOG_BATCHES;

    @TempDir
    Path dataDir;

    private final Tenant tenant = Tenant.fresh();
    private TestServer server;
    private RestClient rest;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dataDir, 1);
        rest = server.rest(tenant);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void deleteAnswersAReferenceToTheBatch() throws InterruptedException {
        String batchId = exportedBatch();

        RestClient.Response response = rest.delete(CATALOG_BATCHES + batchId);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\"@/batches/" + batchId + "\"]");
    }

    @Test
    void aDeletedBatchIsGoneFromTheCatalogDataAccessAndTheDisk() throws InterruptedException {
        String batchId = exportedBatch();
        assertThat(new DataLayout(dataDir).batch(batchId)).isDirectory();

        rest.delete(CATALOG_BATCHES + batchId);

        assertThat(rest.get(CATALOG_BATCHES + batchId).status()).isEqualTo(404);
        assertThat(rest.get("/data/foundation/export/batches/" + batchId + "/files")
                        .status())
                .isEqualTo(404);
        assertThat(new DataLayout(dataDir).batch(batchId)).doesNotExist();
    }

    @Test
    void deleteOfAnUnknownBatchIsNotFoundNamingIt() {
        RestClient.Response response = rest.delete(CATALOG_BATCHES + "0123456789abcdef0123456789abcdef");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("batch 0123456789abcdef0123456789abcdef does not exist");
    }

    @Test
    void deleteWithAMalformedIdIsRefusedNamingTheField() {
        RestClient.Response response = rest.delete(CATALOG_BATCHES + "not%20an%20id");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("id");
    }

    @Test
    void anotherTenantsDeleteIsNotFoundAndTheBatchStays() throws InterruptedException {
        String batchId = exportedBatch();

        RestClient.Response response = server.rest(Tenant.fresh()).delete(CATALOG_BATCHES + batchId);

        assertThat(response.status()).isEqualTo(404);
        assertThat(rest.get(CATALOG_BATCHES + batchId).status()).isEqualTo(200);
        assertThat(Exports.rows(rest, batchId)).hasSize(1);
    }

    @Test
    void aLoadingIngestionBatchIsNotDeletedAndTheAnswerSaysWhy() {
        BatchUploads uploads = new BatchUploads(rest);
        String batchId = uploads.create(uploads.dataSet(BatchUploads.PROFILE_SCHEMA, false), false);

        RestClient.Response response = rest.delete(CATALOG_BATCHES + batchId);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("batch " + batchId + " is loading: only a batch that has ended can be deleted"
                        + " (abort it, or let it end first)");
        assertThat(uploads.batch(batchId).get("status").asText()).isEqualTo("loading");
    }

    @Test
    void anIngestedBatchIsDeletedWithItsFiles() {
        BatchUploads uploads = new BatchUploads(rest);
        String batchId = uploads.ingest(
                        uploads.dataSet(BatchUploads.PROFILE_SCHEMA, false),
                        false,
                        "r.json",
                        "{\"identityMap\": {\"email\": [{\"id\": \"r@example.com\"}]}}")
                .get("id")
                .asText();
        assertThat(new DataLayout(dataDir).batch(batchId)).isDirectory();

        assertThat(rest.delete(CATALOG_BATCHES + batchId).status()).isEqualTo(200);

        assertThat(rest.get(CATALOG_BATCHES + batchId).status()).isEqualTo(404);
        assertThat(new DataLayout(dataDir).batch(batchId)).doesNotExist();
    }

    @Test
    void aRemovalThatAStopInterruptedIsFinishedAtTheNextStart() throws Exception {
        String batchId = exportedBatch();
        server.close();
        // As a stop right after the removal was written down leaves it: the record and files still there.
        DataLayout layout = new DataLayout(dataDir);
        try (Database database = Database.open(layout.rocksDb())) {
            pending(database)
                    .put(
                            new io.segexport.server.store.Tenant(tenant.orgId(), tenant.sandbox()),
                            batchId,
                            BatchRemoval.newBuilder()
                                    .setOrgId(tenant.orgId())
                                    .setSandboxName(tenant.sandbox())
                                    .setBatchId(batchId)
                                    .build());
        }

        server = server.restart();
        rest = server.rest(tenant);

        assertThat(rest.get(CATALOG_BATCHES + batchId).status()).isEqualTo(404);
        assertThat(layout.batch(batchId)).doesNotExist();
        assertThat(server.storeDump().families().get(Database.Family.BATCH_REMOVALS.name()))
                .isEmpty();
    }

    private static TenantRecords<BatchRemoval> pending(Database database) {
        return TenantRecords.of(database, Database.Family.BATCH_REMOVALS, BatchRemoval.parser(), "batch removal");
    }

    /** The batch of a job that exported one profile. */
    private String exportedBatch() throws InterruptedException {
        String dataSet = rest.createDataSet();
        Exports.ingestProfiles(rest, dataSet, Exports.withPoints("a@example.com", 1));
        long id = Exports.create(rest, Requests.minimalCreate(dataSet));
        return Exports.awaitEnd(rest, id).at("/destination/batchId").asText();
    }
}
