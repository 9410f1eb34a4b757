package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.server.batchstore.S3Config;
import io.segexport.server.batchstore.S3MockProcess;
import io.segexport.server.cluster.ClusterConfig;
import io.segexport.server.cluster.SharedBrokers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of one cluster (--cluster), each a whole server on its own ports, on three real
 * brokers and a real S3-compatible server: the API answers the same through either node, and an
 * export's partitions, written by whichever node owns each, make one batch. Two more nodes, of
 * another cluster on the same brokers, run no jobs (no workers), so that their jobs stay NEW.
 */
class ClusterModeIT {
    private static final String BUCKET = "cluster-batches";
    private static final int PARTITIONS = 4;
    private static final String JOBS = Exports.JOBS;
    private static final String CONNECTION = "9f1c2d3e4b5a69788766554433221100";

    @TempDir
    static Path dir;

    private static S3MockProcess s3;
    private static final List<TestServer> nodes = new ArrayList<>();
    private static final List<TestServer> idleNodes = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        String bootstrap = SharedBrokers.get().bootstrapServers();
        s3 = S3MockProcess.start(dir.resolve("s3"), BUCKET);
        for (int node = 1; node <= 2; node++) {
            nodes.add(start(bootstrap, "cluster-mode-it", node, 1));
            idleNodes.add(start(bootstrap, "cluster-mode-idle-it", node, 0));
        }
    }

    private static TestServer start(String bootstrap, String cluster, int node, int workers) throws Exception {
        return TestServer.start(TestServer.config(dir.resolve(cluster + "-" + node), workers)
                .withBatchStore(S3Config.parse(
                        "s3://" + BUCKET + "/" + cluster + "/", s3.endpoint().toString(), "us-east-1"))
                .withCluster(new ClusterConfig(cluster, bootstrap, "node-" + node, PARTITIONS, (short) 3)));
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (TestServer node : nodes) {
            node.close();
        }
        for (TestServer node : idleNodes) {
            node.close();
        }
        s3.close();
    }

    private static RestClient node(int number, Tenant tenant) {
        return nodes.get(number - 1).rest(tenant);
    }

    @Test
    void aJobCreatedOnOneNodeExportsEveryProfileIngestedThroughTheOther() throws Exception {
        Tenant tenant = Tenant.fresh();
        String profiles = node(1, tenant).createDataSet();
        List<String> emails = IntStream.range(0, 40)
                .mapToObj(i -> "person-" + i + "@example.com")
                .toList();
        Exports.ingestProfiles(
                node(2, tenant),
                profiles,
                emails.stream()
                        .map(email -> Exports.withPoints(email, email.length()))
                        .toArray(String[]::new));
        String destination = node(2, tenant).createDataSet();

        long id = Exports.create(node(1, tenant), Requests.minimalCreate(destination));
        JsonNode job = Exports.awaitEnd(node(2, tenant), id);

        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(emails.size());
        assertThat(Exports.rows(node(2, tenant), job.at("/destination/batchId").asText()))
                .extracting(row -> row.at("/personalEmail/address").asText())
                .containsExactlyInAnyOrderElementsOf(emails);
        assertThat(node(1, tenant).get(JOBS + "/" + id).json()).isEqualTo(job);
    }

    @Test
    void aSegmentsJobExportsOnlyTheMembersOfEveryPartition() throws Exception {
        Tenant tenant = Tenant.fresh();
        String profiles = node(1, tenant).createDataSet();
        String segment = "3f1e2d7c-0c4a-4a8e-9a57-5d2b1f0e6c11";
        List<String> members = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String email = "member-" + i + "@example.com";
            String status = i % 3 == 0 ? "exited" : "realized";
            if (status.equals("realized")) {
                members.add(email);
            }
            records.add(Exports.profile(email, Exports.membership("ups", segment, status, "2026-11-01T00:00:00Z"), ""));
        }
        Exports.ingestProfiles(node(2, tenant), profiles, records.toArray(String[]::new));
        String destination = node(1, tenant).createDataSet();

        long id =
                Exports.create(node(2, tenant), Requests.segmentsJob(destination, false, List.of("realized"), segment));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);

        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(Exports.rows(node(1, tenant), job.at("/destination/batchId").asText()))
                .extracting(row -> row.at("/personalEmail/address").asText())
                .containsExactlyInAnyOrderElementsOf(members);
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(members.size());
    }

    @Test
    void aSegmentEvaluatingJobExportsExactlyTheProfilesItsDefinitionSelects() throws Exception {
        Tenant tenant = Tenant.fresh();
        String profiles = node(1, tenant).createDataSet();
        VariedProfiles.ingest(node(2, tenant), profiles);
        RestClient.Response defined = node(1, tenant)
                .post(
                        SegmentDefinitionTest.DEFINITIONS,
                        SegmentDefinitionTest.definition("cluster", VariedProfiles.DEFINITION));
        assertThat(defined.status()).as("%s", defined).isEqualTo(200);
        String segment = defined.json().get("id").asText();
        String destination = node(2, tenant).createDataSet();

        long id = Exports.create(
                node(2, tenant), Requests.segmentsJob(destination, true, List.of("realized", "existing"), segment));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);

        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        List<JsonNode> rows =
                Exports.rows(node(1, tenant), job.at("/destination/batchId").asText());
        assertThat(rows)
                .extracting(row -> row.at("/identityMap/email/0/id").asText())
                .containsExactlyInAnyOrderElementsOf(VariedProfiles.members());
        assertThat(rows)
                .extracting(row ->
                        row.at("/segmentMembership/ups/" + segment + "/status").asText())
                .containsOnly("realized");
        assertThat(rows.stream()
                        .map(row -> row.at("/segmentMembership/ups/" + segment + "/lastQualificationTime")
                                .asText())
                        .distinct())
                .as("every partition evaluated at the run's one instant")
                .singleElement()
                .satisfies(time -> assertThat(Instant.parse(time)).isBefore(Instant.now()));
        assertThat(job.at("/metrics/segmentedProfileCounter").asLong()).isEqualTo(VariedProfiles.COUNT);
        assertThat(job.at("/progress/profilesEvaluated").asLong()).isEqualTo(VariedProfiles.COUNT);
    }

    @Test
    void jobIdsIncreaseAcrossNodes() throws Exception {
        Tenant tenant = Tenant.fresh();
        String destination = node(1, tenant).createDataSet();

        long first = Exports.create(node(1, tenant), Requests.minimalCreate(destination));
        long second = Exports.create(node(2, tenant), Requests.minimalCreate(destination));
        long third = Exports.create(node(1, tenant), Requests.minimalCreate(destination));

        assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
        JsonNode listed = node(2, tenant).get(JOBS).json();
        assertThat(listed.path("records"))
                .extracting(record -> record.get("id").asLong())
                .containsExactly(third, second, first);
    }

    @Test
    void anotherTenantSeesNoneOfAJobThroughEitherNode() throws Exception {
        Tenant owner = Tenant.fresh();
        Tenant other = Tenant.fresh();
        long id = Exports.create(
                node(1, owner), Requests.minimalCreate(node(1, owner).createDataSet()));

        for (int number = 1; number <= 2; number++) {
            assertThat(node(number, other).get(JOBS + "/" + id).status()).isEqualTo(404);
            assertThat(node(number, other).get(JOBS).json().path("records")).isEmpty();
        }
    }

    @Test
    void anEndedJobDeletedOnOneNodeIsGoneFromTheOther() throws Exception {
        Tenant tenant = Tenant.fresh();
        long id = Exports.create(
                node(1, tenant), Requests.minimalCreate(node(1, tenant).createDataSet()));
        assertThat(Exports.awaitEnd(node(1, tenant), id).get("status").asText()).isEqualTo("SUCCEEDED");

        assertThat(node(2, tenant).delete(JOBS + "/" + id).status()).isEqualTo(204);

        assertThat(node(1, tenant).get(JOBS + "/" + id).status()).isEqualTo(404);
        assertThat(node(2, tenant).delete(JOBS + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void aCancelOfANewJobOnOneNodeIsSeenOnTheOther() {
        Tenant tenant = Tenant.fresh();
        RestClient first = idleNodes.get(0).rest(tenant);
        RestClient second = idleNodes.get(1).rest(tenant);
        long id = Exports.create(first, Requests.minimalCreate(first.createDataSet()));
        assertThat(second.get(JOBS + "/" + id).json().get("status").asText()).isEqualTo("NEW");

        assertThat(second.delete(JOBS + "/" + id).status()).isEqualTo(204);

        JsonNode cancelled = first.get(JOBS + "/" + id).json();
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.at("/metrics/totalExportedProfileCounter").asLong())
                .isZero();
        assertThat(first.delete(JOBS + "/" + id).status()).isEqualTo(204);
        assertThat(second.get(JOBS + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void messagesStreamedThroughEitherNodeAreExported() throws Exception {
        Tenant tenant = Tenant.fresh();
        String profiles = new BatchUploads(node(1, tenant)).dataSet(BatchUploads.PROFILE_SCHEMA, true);
        List<String> emails = IntStream.range(0, 20)
                .mapToObj(i -> "streamed-" + i + "@example.com")
                .toList();

        RestClient.Response single =
                node(1, tenant).post("/collection/" + CONNECTION, streamed(tenant, profiles, emails.get(0)));
        RestClient.Response batch = node(2, tenant)
                .post(
                        "/collection/batch/" + CONNECTION,
                        "{\"messages\": ["
                                + emails.stream()
                                        .skip(1)
                                        .map(email -> streamed(tenant, profiles, email))
                                        .collect(Collectors.joining(","))
                                + "]}");

        assertThat(single.status()).as("%s", single).isEqualTo(200);
        assertThat(batch.status()).as("%s", batch).isEqualTo(207);
        assertThat(batch.json().get("responses")).hasSize(emails.size() - 1).allMatch(status -> !status.has("status"));
        long id = Exports.create(
                node(2, tenant), Requests.minimalCreate(node(2, tenant).createDataSet()));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(Exports.rows(node(1, tenant), job.at("/destination/batchId").asText()))
                .extracting(row -> row.at("/personalEmail/address").asText())
                .containsExactlyInAnyOrderElementsOf(emails);
    }

    @Test
    void aMessageStreamedToADataSetOfFilesOnlyIsRefusedNamingItsDataSet() {
        Tenant tenant = Tenant.fresh();
        BatchUploads uploads = new BatchUploads(node(1, tenant));
        String profiles = uploads.dataSet(BatchUploads.PROFILE_SCHEMA, true);
        String files = uploads.dataSet(BatchUploads.PROFILE_SCHEMA, false);

        RestClient.Response single =
                node(2, tenant).post("/collection/" + CONNECTION, streamed(tenant, files, "files@example.com"));
        RestClient.Response batch = node(1, tenant)
                .post(
                        "/collection/batch/" + CONNECTION,
                        "{\"messages\": [" + streamed(tenant, profiles, "kept@example.com") + ","
                                + streamed(tenant, files, "refused@example.com") + "]}");

        assertThat(single.status()).as("%s", single).isEqualTo(400);
        assertThat(single.json().get("detail").asText()).contains("header.datasetId", files, "keeps files only");
        assertThat(batch.status()).as("%s", batch).isEqualTo(207);
        JsonNode statuses = batch.json().get("responses");
        assertThat(statuses.get(0).has("status")).isFalse();
        assertThat(statuses.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(statuses.get(1).get("message").asText()).startsWith("messages[1].header.datasetId");
    }

    /** A streamed message of a profile whose only identity is {@code email}, to the dataset. */
    private static String streamed(Tenant tenant, String dataSet, String email) {
        return Ingest.message(dataSet, BatchUploads.PROFILE_SCHEMA, tenant.orgId(), Exports.profile(email, "", ""));
    }

    @Test
    void batchIngestionAnswersThatAClusterDoesNotServeItYet() {
        Tenant tenant = Tenant.fresh();

        RestClient.Response batch = node(2, tenant).post("/data/foundation/import/batches", "{\"datasetId\": \"x\"}");

        assertThat(batch.status()).as("%s", batch).isEqualTo(501);
        assertThat(batch.body()).contains("batch ingestion is not served in cluster mode yet");
    }

    @Test
    void aProfileIsFoundThroughEitherNodeByAnyOfItsIdentities() throws InterruptedException {
        Tenant tenant = Tenant.fresh();
        String profiles = node(1, tenant).createDataSet();
        int count = 16;
        Exports.ingestProfiles(
                node(1, tenant),
                profiles,
                IntStream.range(0, count).mapToObj(ClusterModeIT::withCrmId).toArray(String[]::new));

        for (int i = 0; i < count; i++) {
            for (int number = 1; number <= 2; number++) {
                JsonNode byEmail = Ingest.awaitEntity(node(number, tenant), "email", "p" + i + "@x.com");
                JsonNode byCrmId = Ingest.awaitEntity(node(number, tenant), "crmId", "C-" + i);
                assertThat(byEmail.at("/entity/loyalty/points").asInt()).isEqualTo(i);
                assertThat(byCrmId.get("entity")).isEqualTo(byEmail.get("entity"));
            }
        }
    }

    @Test
    void anUnknownIdentityIs404ThroughEitherNode() {
        Tenant tenant = Tenant.fresh();

        for (int number = 1; number <= 2; number++) {
            RestClient.Response lookup = node(number, tenant).get(Ingest.lookup("email", "nobody@x.com"));

            assertThat(lookup.status()).as("%s", lookup).isEqualTo(404);
            assertThat(lookup.json().get("detail").asText()).contains("email", "nobody@x.com");
        }
    }

    @Test
    void anotherTenantFindsNoneOfAProfileThroughEitherNode() throws InterruptedException {
        Tenant owner = Tenant.fresh();
        Tenant other = Tenant.fresh();
        Exports.ingestProfiles(
                node(1, owner),
                node(1, owner).createDataSet(),
                IntStream.range(0, 8).mapToObj(ClusterModeIT::withCrmId).toArray(String[]::new));
        for (int i = 0; i < 8; i++) {
            Ingest.awaitEntity(node(2, owner), "crmId", "C-" + i);
        }

        for (int i = 0; i < 8; i++) {
            for (int number = 1; number <= 2; number++) {
                assertThat(node(number, other)
                                .get(Ingest.lookup("crmId", "C-" + i))
                                .status())
                        .isEqualTo(404);
            }
        }
    }

    /** Profile i: email p{i}@x.com (primary) and crmId C-{i}, {@code loyalty.points} i. */
    private static String withCrmId(int i) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"p" + i + "@x.com\", \"primary\": true}],"
                + " \"crmId\": [{\"id\": \"C-" + i + "\"}]}, \"loyalty\": {\"points\": " + i + "}}";
    }
}
