package io.segexport.server;

import static io.segexport.server.Exports.profile;
import static io.segexport.server.Exports.withPoints;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.v1.ComputeGatewayJobId;
import io.segexport.v1.ExportJobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a crash or a cancel: never a half-written batch, never a duplicate row. */
class ExportRecoveryIT {
    @TempDir
    Path dataDir;

    @Test
    void aJobInterruptedMidRunRunsAgainAfterARestartWithEachRowOnce() throws Exception {
        Tenant tenant = Tenant.fresh();
        DataLayout layout = new DataLayout(dataDir);
        long id;
        String batchId;
        try (TestServer paused = TestServer.start(dataDir, 0)) {
            RestClient rest = paused.rest(tenant);
            String dataSet = rest.createDataSet();
            Exports.ingestProfiles(
                    rest, dataSet, profile("a@x.com", "", ""), profile("b@x.com", "", ""), profile("c@x.com", "", ""));
            JsonNode job =
                    rest.post(Exports.JOBS, Requests.minimalCreate(dataSet)).json();
            id = job.get("id").asLong();
            batchId = job.at("/destination/batchId").asText();
        }
        // The state a crash mid-run leaves: the job PROCESSING, staged rows, even a batch folder
        // already moved into place but never committed.
        try (Database database = Database.open(layout.rocksDb())) {
            new JobStore(database)
                    .claimNext(job -> job.toBuilder()
                            .setStatus(ExportJobStatus.PROCESSING)
                            .setComputeGatewayJobId(
                                    ComputeGatewayJobId.newBuilder().setExportJob("crashed"))
                            .build());
        }
        Files.createDirectories(layout.staging().resolve(id + "-crashed").resolve(batchId));
        Files.writeString(
                layout.staging().resolve(id + "-crashed").resolve(batchId).resolve("part-00000.json"), "{\"half\":");
        Files.createDirectories(layout.batch(batchId));
        Files.writeString(
                layout.batch(batchId).resolve("part-00000.json"),
                "{\"identityMap\":{\"email\":[{\"id\":\"a@x.com\"}]}}\n");
        Files.writeString(layout.batch(batchId).resolve("part-00001.json"), "{\"stale\": true}\n");

        try (TestServer restarted = TestServer.start(dataDir, 1)) {
            JsonNode job = Exports.awaitEnd(restarted.rest(tenant), id);

            assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
            List<String> emails = new ArrayList<>();
            for (JsonNode row : Exports.rows(restarted.rest(tenant), batchId)) {
                emails.add(row.at("/identityMap/email/0/id").asText());
            }
            assertThat(emails).containsExactlyInAnyOrder("a@x.com", "b@x.com", "c@x.com");
            assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(3);
            try (Stream<Path> staged = Files.list(layout.staging())) {
                assertThat(staged).isEmpty();
            }
        }
    }

    @Test
    void aJobInterruptedMidEvaluationEndsAsOneUninterruptedEvaluationWould() throws Exception {
        Tenant tenant = Tenant.fresh();
        DataLayout layout = new DataLayout(dataDir);
        String segment;
        long id;
        try (TestServer paused = TestServer.start(dataDir, 0)) {
            RestClient rest = paused.rest(tenant);
            String dataSet = rest.createDataSet();
            Exports.ingestProfiles(
                    rest, dataSet, withPoints("a@x.com", 500), withPoints("b@x.com", 500), withPoints("c@x.com", 10));
            segment = rest.post(
                            SegmentDefinitionTest.DEFINITIONS,
                            SegmentDefinitionTest.definition("rich", "loyalty.points >= 100"))
                    .json()
                    .get("id")
                    .asText();
            id = Exports.create(
                    rest, Requests.segmentsJob(dataSet, true, List.of("realized", "existing", "exited"), segment));
        }
        // The state a crash mid-evaluation leaves: the job PROCESSING, and the memberships of the
        // profiles it had evaluated already written, as that job's.
        try (Database database = Database.open(layout.rocksDb())) {
            new JobStore(database)
                    .claimNext(job -> job.toBuilder()
                            .setStatus(ExportJobStatus.PROCESSING)
                            .setComputeGatewayJobId(
                                    ComputeGatewayJobId.newBuilder().setExportJob("crashed"))
                            .build());
            new ProfileStore(database)
                    .writeOutcomes(
                            new io.segexport.server.store.Tenant(tenant.orgId(), tenant.sandbox()),
                            List.of(outcome("a@x.com", segment), outcome("b@x.com", segment)),
                            Long.toString(id),
                            "2026-01-01T00:00:00Z");
        }
        // b changes before the job runs again: it no longer qualifies, and was no member before the job.
        try (TestServer paused = TestServer.start(dataDir, 0)) {
            Exports.ingestProfiles(paused.rest(tenant), paused.rest(tenant).createDataSet(), withPoints("b@x.com", 1));
        }

        try (TestServer restarted = TestServer.start(dataDir, 1)) {
            RestClient rest = restarted.rest(tenant);
            JsonNode job = Exports.awaitEnd(rest, id);

            assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
            List<JsonNode> rows =
                    Exports.rows(rest, job.at("/destination/batchId").asText());
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.at("/identityMap/email/0/id").asText()).isEqualTo("a@x.com");
                assertThat(row.at("/segmentMembership/ups/" + segment + "/status")
                                .asText())
                        .isEqualTo("realized");
            });
            JsonNode b = rest.get(Ingest.ENTITIES + "?entityId=b@x.com&entityIdNS=email")
                    .json();
            assertThat(b.at("/b@x.com/entity/segmentMembership/ups/" + segment).isMissingNode())
                    .as("%s", b)
                    .isTrue();
        }
    }

    private static SegmentOutcome outcome(String email, String segment) {
        return new SegmentOutcome(
                IdentityKey.newBuilder().setNamespace("email").setId(email).build(), "ups", segment, true);
    }

    @Test
    void cancellingARunningJobDiscardsItsOutput() throws Exception {
        Tenant tenant = Tenant.fresh();
        DataLayout layout = new DataLayout(dataDir);
        try (TestServer server = TestServer.start(dataDir, 1)) {
            RestClient rest = server.rest(tenant);
            String dataSet = rest.createDataSet();
            for (int chunk = 0; chunk < 40; chunk++) {
                String[] records = new String[1000];
                for (int i = 0; i < records.length; i++) {
                    records[i] = withPoints("p" + chunk + "-" + i + "@x.com", i);
                }
                Exports.ingestProfiles(rest, dataSet, records);
            }
            JsonNode created =
                    rest.post(Exports.JOBS, Requests.minimalCreate(dataSet)).json();
            long id = created.get("id").asLong();
            String batchId = created.at("/destination/batchId").asText();
            Set<String> seen = new TreeSet<>();
            while (!seen.contains("PROCESSING")) {
                String status =
                        rest.get(Exports.JOBS + "/" + id).json().get("status").asText();
                assertThat(status)
                        .as("the job must still run when it is cancelled")
                        .isIn("NEW", "PROCESSING");
                seen.add(status);
            }

            assertThat(rest.delete(Exports.JOBS + "/" + id).status()).isEqualTo(204);
            JsonNode job = Exports.awaitEnd(rest, id);

            assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
            Thread.sleep(1000);
            assertThat(rest.get("/data/foundation/catalog/batches/" + batchId).status())
                    .isEqualTo(404);
            assertThat(Files.exists(layout.batch(batchId))).isFalse();
            try (Stream<Path> staged = Files.exists(layout.staging()) ? Files.list(layout.staging()) : Stream.empty()) {
                assertThat(staged).isEmpty();
            }
        }
    }

    @Test
    void aJobThatCannotWriteFailsWithACodedErrorAndLeavesNoBatch() throws Exception {
        Tenant tenant = Tenant.fresh();
        DataLayout layout = new DataLayout(dataDir);
        try (TestServer server = TestServer.start(dataDir, 1)) {
            RestClient rest = server.rest(tenant);
            String dataSet = rest.createDataSet();
            Exports.ingestProfiles(rest, dataSet, profile("a@x.com", "", ""));
            // A file where the staging folder belongs: the run cannot write its batch.
            Files.writeString(layout.staging(), "in the way");

            JsonNode failed = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(dataSet)));

            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.at("/errors/0/code").asText()).isEqualTo("0100000003");
            assertThat(failed.at("/errors/0/msg").asText()).startsWith("Error in Export Job");
            assertThat(failed.at("/errors/0/callStack").asText()).isNotEmpty();
            String batchId = failed.at("/destination/batchId").asText();
            assertThat(rest.get("/data/foundation/catalog/batches/" + batchId).status())
                    .isEqualTo(404);
            assertThat(Files.exists(layout.batch(batchId))).isFalse();

            Files.delete(layout.staging());
            JsonNode next = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(dataSet)));
            assertThat(next.get("status").asText()).isEqualTo("SUCCEEDED");
        }
    }
}
