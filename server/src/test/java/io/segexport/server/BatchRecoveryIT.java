package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.profiles.store.ProfileSnapshot;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.TenantRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch being processed when the server is killed (SIGKILL) finishes after the restart exactly as
 * one uninterrupted run would: every good record applied once, every bad one listed once, the
 * counts and the files as the records say. A revert, or a create, cut short by a crash is finished,
 * or undone, at the next start.
 */
class BatchRecoveryIT {
    /** Enough records that processing is still under way when the first of them can be read. */
    private static final int RECORDS = 150_000;
    /** Every this many records one is bad (no identityMap). */
    private static final int BAD_EVERY = 1000;

    @TempDir
    Path dataDir;

    private final Tenant tenant = Tenant.fresh();

    private static String email(int i) {
        return "person" + i + "@example.com";
    }

    /** The file, and what its part file must hold: the good records, one a line, as written. */
    private record Content(byte[] file, String goodLines) {}

    private static Content content() {
        StringBuilder file = new StringBuilder();
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) {
            if (i % BAD_EVERY == BAD_EVERY - 1) {
                file.append("{\"person\":{\"id\":").append(i).append("}}\n");
                continue;
            }
            String line = "{\"identityMap\":{\"email\":[{\"id\":\"" + email(i)
                    + "\"}]},\"timestamp\":\"2024-01-01T00:00:00Z\"," + "\"loyalty\":{\"points\":" + i + "}}";
            file.append(line).append('\n');
            good.append(line).append('\n');
        }
        return new Content(file.toString().getBytes(StandardCharsets.UTF_8), good.toString());
    }

    @Test
    void aBatchKilledMidProcessingFinishesAfterTheRestartAsOneUninterruptedRunWould() throws Exception {
        Content content = content();
        String dataSet;
        String batchId;
        try (MainProcess server = MainProcess.start(MainArgs.testServer(dataDir))) {
            RestClient rest = new RestClient(server.httpPort(), tenant);
            BatchUploads batches = new BatchUploads(rest);
            dataSet = batches.dataSet(BatchUploads.PROFILE_SCHEMA, true);
            batchId = batches.create(dataSet, false);
            assertThat(batches.upload(batchId, dataSet, "people.json", content.file())
                            .status())
                    .isEqualTo(200);
            assertThat(batches.action(batchId, "COMPLETE").status()).isEqualTo(200);
            awaitProfile(rest, email(0));
            assertThat(batches.batch(batchId).get("status").asText())
                    .as("the batch is still being processed when the server is killed")
                    .isEqualTo("processing");
            server.kill();
        }

        try (MainProcess server = MainProcess.start(MainArgs.testServer(dataDir))) {
            RestClient rest = new RestClient(server.httpPort(), tenant);
            JsonNode batch = new BatchUploads(rest).await(batchId);

            int bad = RECORDS / BAD_EVERY;
            assertThat(batch.get("status").asText()).isEqualTo("success");
            assertThat(batch.at("/metrics/inputRecordCount").asLong()).isEqualTo(RECORDS);
            assertThat(batch.at("/metrics/outputRecordCount").asLong()).isEqualTo(RECORDS - bad);
            assertThat(batch.at("/metrics/failedRecordCount").asLong()).isEqualTo(bad);
            assertThat(rest.get("/data/foundation/export/files/" + batchId + "?path=part-00000.json")
                            .body())
                    .isEqualTo(content.goodLines());
            String failed = rest.get("/data/foundation/export/batches/" + batchId + "/failed?path=failed-00000.json")
                    .body();
            assertThat(failed.split("\n")).hasSize(bad);
            assertThat(failed).contains("\"line\":" + BAD_EVERY + "}").contains("\"line\":" + RECORDS + "}");
            long job = Exports.create(rest, Requests.minimalCreate(dataSet));
            JsonNode exported = Exports.awaitEnd(rest, job);
            assertThat(exported.at("/metrics/totalExportedProfileCounter").asLong())
                    .isEqualTo(RECORDS - bad);
            for (int i : new int[] {0, 1, RECORDS / 2, RECORDS - 2}) {
                assertThat(rest.get(lookup(email(i)))
                                .json()
                                .at("/" + email(i) + "/entity/loyalty/points")
                                .asInt())
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void aBatchLeftWithoutItsCatalogRecordByACrashIsDroppedAtStartUp() throws Exception {
        // A crash between a create's two writes: the batch's state, never its record, and no answer.
        String batchId = "0123456789abcdef0123456789abcdef";
        putState(batchId, state -> state.setDatasetId("000000000000000000000000"));

        try (TestServer server = TestServer.start(dataDir, 0)) {
            RestClient rest = server.rest(tenant);

            assertThat(rest.get(BatchUploads.CATALOG_BATCHES + batchId).status())
                    .isEqualTo(404);
            assertThat(new BatchUploads(rest).create(rest.createDataSet(), false))
                    .matches("[0-9a-f]{32}");
        }
        try (Database database = Database.open(new DataLayout(dataDir).rocksDb())) {
            assertThat(states(database).all())
                    .extracting(IngestBatchState::getBatchId)
                    .doesNotContain(batchId);
        }
    }

    @Test
    void aRevertCutShortByACrashIsFinishedAtStartUp() throws Exception {
        String batchId;
        long ingestTime;
        try (TestServer server = TestServer.start(dataDir, 0)) {
            BatchUploads batches = new BatchUploads(server.rest(tenant));
            String events = batches.dataSet(BatchUploads.EVENT_SCHEMA, true);
            JsonNode batch = batches.ingest(
                    events,
                    false,
                    "events.json",
                    "{\"identityMap\":{\"email\":[{\"id\":\"" + email(1) + "\"}]},"
                            + "\"timestamp\":\"2024-01-01T00:00:00Z\"}");
            batchId = batch.get("id").asText();
            ingestTime = batch.get("started").asLong();
        }
        // A crash after REVERT was answered, before the worker removed anything: the state it leaves.
        putState(batchId, state -> state.setIngestTime(ingestTime).setReverting(true));

        try (TestServer server = TestServer.start(dataDir, 0)) {
            BatchUploads batches = new BatchUploads(server.rest(tenant));
            assertThat(batches.awaitStatus(batchId, status -> status.equals("inactive"))
                            .get("status")
                            .asText())
                    .isEqualTo("inactive");
        }
        try (Database database = Database.open(new DataLayout(dataDir).rocksDb());
                ProfileSnapshot snapshot = new ProfileStore(database).snapshot()) {
            assertThat(snapshot.events(
                            storeTenant(),
                            IdentityKey.newBuilder()
                                    .setNamespace("email")
                                    .setId(email(1))
                                    .build(),
                            0,
                            Long.MAX_VALUE))
                    .isEmpty();
        }
    }

    private static TenantRecords<IngestBatchState> states(Database database) {
        return TenantRecords.of(database, Database.Family.INGEST_BATCHES, IngestBatchState.parser(), "ingestion batch");
    }

    /** Writes the tenant's state of that batch as a crash may leave it, with what {@code crashed} sets. */
    private void putState(String batchId, UnaryOperator<IngestBatchState.Builder> crashed) throws Exception {
        try (Database database = Database.open(new DataLayout(dataDir).rocksDb())) {
            states(database)
                    .put(
                            storeTenant(),
                            batchId,
                            crashed.apply(IngestBatchState.newBuilder()
                                            .setOrgId(tenant.orgId())
                                            .setSandboxName(tenant.sandbox())
                                            .setBatchId(batchId))
                                    .build());
        }
    }

    private io.segexport.server.store.Tenant storeTenant() {
        return new io.segexport.server.store.Tenant(tenant.orgId(), tenant.sandbox());
    }

    private static String lookup(String email) {
        return Ingest.ENTITIES + "?entityId=" + email + "&entityIdNS=email";
    }

    private static void awaitProfile(RestClient rest, String email) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (rest.get(lookup(email)).status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no profile of " + email + " after 120 s");
            }
            Thread.sleep(5);
        }
    }
}
