package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.server.batchstore.S3Config;
import io.segexport.server.batchstore.S3MockProcess;
import io.segexport.server.cluster.ClusterConfig;
import io.segexport.server.cluster.SharedBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
        assertThat(node(1, tenant)
                        .get("/data/foundation/export/files/"
                                + job.at("/destination/batchId").asText())
                        .json()
                        .findValuesAsText("name"))
                .as("each partition's files named for its export")
                .isNotEmpty()
                .allMatch(name -> name.matches("part-[0-9]-[0-9a-f]{8}-[0-9]{5}\\.json"));
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
    void aMessageStreamedToADataSetOfFilesOnlyBecomesABatchReadThroughEitherNode() {
        Tenant tenant = Tenant.fresh();
        String files = new BatchUploads(node(1, tenant)).dataSet(BatchUploads.PROFILE_SCHEMA, false);

        RestClient.Response response = node(2, tenant)
                .post(
                        "/collection/batch/" + CONNECTION,
                        "{\"messages\": [" + streamed(tenant, files, "files@example.com") + "]}");

        assertThat(response.status()).as("%s", response).isEqualTo(207);
        String batchId = response.json().get("batchId").asText();
        JsonNode batch = new BatchUploads(node(1, tenant)).await(batchId);
        assertThat(batch.get("status").asText()).as("%s", batch).isEqualTo("success");
        assertThat(node(1, tenant)
                        .get("/data/foundation/export/files/" + batchId + "?path=part-00000.json")
                        .body())
                .contains("files@example.com");
    }

    /** A streamed message of a profile whose only identity is {@code email}, to the dataset. */
    private static String streamed(Tenant tenant, String dataSet, String email) {
        return Ingest.message(dataSet, BatchUploads.PROFILE_SCHEMA, tenant.orgId(), Exports.profile(email, "", ""));
    }

    @Test
    void aBatchCreatedOnOneNodeFilledThroughBothAndCompletedOnTheOtherIsExported() throws Exception {
        Tenant tenant = Tenant.fresh();
        BatchUploads first = new BatchUploads(node(1, tenant));
        BatchUploads second = new BatchUploads(node(2, tenant));
        String profiles = first.dataSet(BatchUploads.PROFILE_SCHEMA, true);
        List<String> wholeEmails = emails("whole", 30);
        List<String> largeEmails = emails("large", 50);
        byte[] large = BatchUploads.profileLines(largeEmails);
        int half = large.length / 2;

        String batchId = first.create(profiles, false);
        assertThat(second.upload(batchId, profiles, "whole.json", BatchUploads.profileLines(wholeEmails))
                        .status())
                .isEqualTo(200);
        assertThat(first.fileAction(batchId, profiles, "large.json", "INITIALIZE")
                        .status())
                .isEqualTo(200);
        assertThat(first.part(
                                batchId,
                                profiles,
                                "large.json",
                                Arrays.copyOfRange(large, 0, half + 10),
                                "bytes 0-" + (half + 9) + "/" + large.length)
                        .status())
                .isEqualTo(200);
        assertThat(second.part(
                                batchId,
                                profiles,
                                "large.json",
                                Arrays.copyOfRange(large, half, large.length),
                                "bytes " + half + "-" + (large.length - 1) + "/" + large.length)
                        .status())
                .isEqualTo(200);
        assertThat(second.fileAction(batchId, profiles, "large.json", "COMPLETE")
                        .status())
                .isEqualTo(200);
        JsonNode batch = first.completeAndAwait(batchId);

        assertThat(batch.get("status").asText()).as("%s", batch).isEqualTo("success");
        assertThat(batch.at("/metrics/inputFileCount").asInt()).isEqualTo(2);
        assertThat(batch.at("/metrics/recordCount").asLong()).isEqualTo(wholeEmails.size() + largeEmails.size());
        assertThat(second.batch(batchId)).isEqualTo(batch);
        long id = Exports.create(
                node(2, tenant), Requests.minimalCreate(node(2, tenant).createDataSet()));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(Exports.rows(node(1, tenant), job.at("/destination/batchId").asText()))
                .extracting(row -> row.at("/personalEmail/address").asText())
                .containsExactlyInAnyOrderElementsOf(Stream.concat(wholeEmails.stream(), largeEmails.stream())
                        .toList());
        assertThat(node(2, tenant)
                        .get("/data/foundation/export/files/" + batchId)
                        .json()
                        .findValuesAsText("name"))
                .containsExactly("part-00000.json", "part-00001.json");
    }

    @Test
    void filesUploadedAtOnceThroughBothNodesAreEveryOneKept() throws Exception {
        Tenant tenant = Tenant.fresh();
        String profiles = new BatchUploads(node(1, tenant)).dataSet(BatchUploads.PROFILE_SCHEMA, true);
        String batchId = new BatchUploads(node(1, tenant)).create(profiles, false);
        int files = 8;

        ExecutorService pool = Executors.newFixedThreadPool(files);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            BatchUploads through = new BatchUploads(node(1 + i % 2, tenant));
            String name = "file-" + i;
            statuses.add(pool.submit(
                    () -> through.upload(batchId, profiles, name + ".json", BatchUploads.profileLines(emails(name, 5)))
                            .status()));
        }
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(200);
        }
        pool.shutdown();
        JsonNode batch = new BatchUploads(node(2, tenant)).completeAndAwait(batchId);

        assertThat(batch.get("status").asText()).as("%s", batch).isEqualTo("success");
        assertThat(batch.at("/metrics/inputFileCount").asInt()).isEqualTo(files);
        assertThat(batch.at("/metrics/recordCount").asLong()).isEqualTo(files * 5L);
    }

    @Test
    void aBatchAbortedOnOneNodeTakesNoFileThroughTheOther() {
        Tenant tenant = Tenant.fresh();
        BatchUploads first = new BatchUploads(node(1, tenant));
        BatchUploads second = new BatchUploads(node(2, tenant));
        String profiles = first.dataSet(BatchUploads.PROFILE_SCHEMA, true);
        String batchId = first.create(profiles, false);

        assertThat(second.action(batchId, "ABORT").status()).isEqualTo(200);
        RestClient.Response upload = first.upload(batchId, profiles, "late.json", "{}\n");

        assertThat(upload.status()).as("%s", upload).isEqualTo(400);
        assertThat(upload.json().get("detail").asText()).contains("is aborted, no longer loading");
        assertThat(first.batch(batchId).get("status").asText()).isEqualTo("aborted");
    }

    @Test
    void aRevertOfABatchOfEventsOnOneNodeRemovesItsEventsFromEveryPartition() throws Exception {
        Tenant tenant = Tenant.fresh();
        BatchUploads first = new BatchUploads(node(1, tenant));
        String profiles = first.dataSet(BatchUploads.PROFILE_SCHEMA, true);
        String events = first.dataSet(BatchUploads.EVENT_SCHEMA, true);
        List<String> buyers = emails("buyer", 12);
        first.ingest(
                profiles, false, "buyers.json", new String(BatchUploads.profileLines(buyers), StandardCharsets.UTF_8));
        String eventBatch = first.ingest(
                        events,
                        false,
                        "events.json",
                        buyers.stream()
                                .map(email -> "{\"identityMap\": {\"email\": [{\"id\": \"" + email
                                        + "\", \"primary\": true}]}, \"timestamp\": \"2024-01-01T00:00:00Z\","
                                        + " \"eventType\": \"bought\"}\n")
                                .collect(Collectors.joining()))
                .get("id")
                .asText();
        String segment = node(1, tenant)
                .post(
                        SegmentDefinitionTest.DEFINITIONS,
                        SegmentDefinitionTest.definition("buyers", "xEvent.any(eventType = \"bought\")"))
                .json()
                .get("id")
                .asText();
        assertThat(statuses(tenant, profiles, segment)).hasSize(buyers.size()).containsOnly("realized");

        BatchUploads second = new BatchUploads(node(2, tenant));
        assertThat(second.action(eventBatch, "REVERT").status()).isEqualTo(200);

        assertThat(second.awaitStatus(eventBatch, status -> status.equals("inactive"))
                        .get("status")
                        .asText())
                .isEqualTo("inactive");
        assertThat(statuses(tenant, profiles, segment)).hasSize(buyers.size()).containsOnly("exited");
    }

    /** The segment's statuses in the rows of a job that evaluates it over the dataset. */
    private static List<String> statuses(Tenant tenant, String dataSet, String segment) throws Exception {
        long id = Exports.create(
                node(2, tenant),
                Requests.segmentsJob(dataSet, true, List.of("realized", "existing", "exited"), segment));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        return Exports.rows(node(1, tenant), job.at("/destination/batchId").asText()).stream()
                .map(row ->
                        row.at("/segmentMembership/ups/" + segment + "/status").asText())
                .toList();
    }

    @Test
    void aRevertOfABatchOfFilesOnOneNodeRemovesItsFilesForTheOther() {
        Tenant tenant = Tenant.fresh();
        BatchUploads first = new BatchUploads(node(1, tenant));
        String files = first.dataSet(BatchUploads.PROFILE_SCHEMA, false);
        String batchId = first.ingest(
                        files,
                        false,
                        "files.json",
                        new String(BatchUploads.profileLines(emails("files", 3)), StandardCharsets.UTF_8))
                .get("id")
                .asText();

        assertThat(first.action(batchId, "REVERT").status()).isEqualTo(200);

        assertThat(new BatchUploads(node(2, tenant))
                        .batch(batchId)
                        .get("status")
                        .asText())
                .isEqualTo("inactive");
        assertThat(node(2, tenant)
                        .get("/data/foundation/export/files/" + batchId)
                        .json()
                        .findValuesAsText("name"))
                .isEmpty();
    }

    private static List<String> emails(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> prefix + "-" + i + "@example.com")
                .toList();
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
