package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import io.segexport.server.batchstore.FaultyS3Proxy;
import io.segexport.server.batchstore.S3Config;
import io.segexport.server.batchstore.S3MockProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A server whose batches live in a bucket of an S3-compatible server (S3Mock, in its own process):
 * exports and ingestion batches are published there and served from there by Data Access, and
 * nothing of them stays in the data folder. The server takes its credentials from AWS's default chain,
 * here the system properties the build sets for integration tests.
 */
class S3BatchStoreServerIT {
    private static final String BUCKET = "segexport-batches";

    @TempDir
    static Path shared;

    private static S3MockProcess s3;
    private static S3Client direct;
    private static int servers;

    @TempDir
    Path dataDir;

    private String prefix;
    private TestServer server;
    private RestClient rest;

    @BeforeAll
    static void startS3() throws IOException {
        s3 = S3MockProcess.start(shared.resolve("s3"), BUCKET);
        direct = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(() -> AwsBasicCredentials.create("test-key", "test-secret"))
                .build();
    }

    @AfterAll
    static void stopS3() throws InterruptedException {
        direct.close();
        s3.close();
    }

    @BeforeEach
    void startServer() throws Exception {
        prefix = "server-" + ++servers + "/";
        server = TestServer.start(TestServer.config(dataDir, 1)
                .withBatchStore(S3Config.parse(
                        "s3://" + BUCKET + "/" + prefix, s3.endpoint().toString(), "us-east-1")));
        rest = server.rest(Tenant.fresh());
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.close();
    }

    private List<String> keys() {
        return direct.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private List<Path> dataFolderFiles(String folder) throws IOException {
        Path path = dataDir.resolve(folder);
        if (!Files.exists(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void anExportIsPublishedToTheBucketAndReadBackThroughDataAccess() throws Exception {
        String profiles = rest.createDataSet();
        Exports.ingestProfiles(
                rest, profiles, Exports.withPoints("ada@example.com", 7), Exports.withPoints("bo@example.com", 9));
        String destination = rest.createDataSet();

        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(destination)));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        String batchId = job.at("/destination/batchId").asText();
        assertThat(Exports.rows(rest, batchId))
                .extracting(row -> row.at("/personalEmail/address").asText())
                .containsExactlyInAnyOrder("ada@example.com", "bo@example.com");
        assertThat(keys())
                .contains(
                        prefix + "batches/" + batchId + "/manifest.json",
                        prefix + "batches/" + batchId + "/files/part-00000.json");
        assertThat(dataFolderFiles("batches")).isEmpty();
    }

    @Test
    void anIngestionBatchsFailedRecordsAreServedFromTheBucket() {
        BatchUploads batches = new BatchUploads(rest);
        String dataSet = batches.dataSet(BatchUploads.PROFILE_SCHEMA, true);

        JsonNode batch =
                batches.ingest(dataSet, false, "mixed.json", Exports.withPoints("cy@example.com", 1) + "\n{\"x\":\n");

        String id = batch.get("id").asText();
        assertThat(batch.at("/metrics/failedRecordCount").asLong()).isEqualTo(1);
        JsonNode failed =
                rest.get("/data/foundation/export/batches/" + id + "/failed").json();
        assertThat(failed.at("/data/0/name").asText()).isEqualTo("failed-00000.json");
        assertThat(rest.get(failed.at("/data/0/_links/self/href").asText()).body())
                .contains("\"_corruptRecord\"");
        assertThat(keys()).contains(prefix + "batches/" + id + "/files/failed-00000.json");
    }

    @Test
    void revertingAFilesOnlyBatchRemovesItsObjects() {
        BatchUploads batches = new BatchUploads(rest);
        String dataSet = batches.dataSet(BatchUploads.PROFILE_SCHEMA, false);
        String id = batches.ingest(dataSet, false, "rows.json", Exports.withPoints("di@example.com", 2) + "\n")
                .get("id")
                .asText();
        assertThat(keys()).anyMatch(key -> key.startsWith(prefix + "batches/" + id + "/"));

        assertThat(batches.action(id, "REVERT").status()).isEqualTo(200);

        assertThat(batches.batch(id).get("status").asText()).isEqualTo("inactive");
        assertThat(keys()).noneMatch(key -> key.startsWith(prefix + "batches/" + id + "/"));
    }

    @Test
    void anIngestionBatchWhoseFilesCannotBePublishedStaysProcessingAndIsPublishedLater() throws Exception {
        try (FaultyS3Proxy proxy = new FaultyS3Proxy(s3.endpoint());
                TestServer faulty =
                        TestServer.start(TestServer.config(Files.createDirectories(dataDir.resolve("faulty")), 1)
                                .withBatchStore(S3Config.parse(
                                        "s3://" + BUCKET + "/faulty-" + servers + "/",
                                        proxy.endpoint().toString(),
                                        "us-east-1")))) {
            BatchUploads batches = new BatchUploads(faulty.rest(Tenant.fresh()));
            String dataSet = batches.dataSet(BatchUploads.PROFILE_SCHEMA, true);
            String id = batches.create(dataSet, false);
            assertThat(batches.upload(id, dataSet, "rows.json", Exports.withPoints("ev@example.com", 3) + "\n")
                            .status())
                    .isEqualTo(200);
            // Every attempt the client makes at the first publish's manifest fails.
            proxy.fail(5, (method, path) -> method == HttpMethod.PUT && path.endsWith("/manifest.json"));

            assertThat(batches.action(id, "COMPLETE").status()).isEqualTo(200);
            Set<String> seen = new TreeSet<>();
            JsonNode batch = batches.awaitStatus(id, status -> {
                seen.add(status);
                return !status.equals("processing");
            });

            assertThat(batch.get("status").asText()).isEqualTo("success");
            assertThat(seen).containsExactly("processing", "success");
            assertThat(batch.at("/metrics/outputRecordCount").asLong()).isEqualTo(1);
            assertThat(proxy.requests("/manifest.json"))
                    .filteredOn(request -> request.startsWith("PUT "))
                    .hasSize(6);
        }
    }

    @Test
    void aServerWhoseBucketIsMissingDoesNotStartAndSaysWhy() throws IOException {
        MainRun run = MainRun.of(MainArgs.testServer(
                Files.createDirectories(dataDir.resolve("other")),
                "--batch-store",
                "s3://no-such-bucket/p",
                "--s3-endpoint",
                s3.endpoint().toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "segexport: could not start: the bucket no-such-bucket (--batch-store s3://no-such-bucket/p/) "
                                + "does not exist at " + s3.endpoint() + "; create it first");
    }
}
