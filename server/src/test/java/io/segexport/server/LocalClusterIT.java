package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.server.docs.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/local-cluster as people run it, in order: up once (brokers, S3Mock, two nodes of one
 * cluster), a job created on one node and read on the other, a node killed with SIGKILL in the middle
 * of an export and of an ingestion and started again, a node back from an absence left alone with
 * what was ingested meanwhile, down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_REQUEST = 500;

    @TempDir
    static Path dir;

    private static Path cluster() {
        return dir.resolve("cluster");
    }

    /** On a failure, the end of every log: the script's and each part's, which CI keeps no copy of. */
    @RegisterExtension
    static final TestWatcher LOGS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printLogs();
        }
    };

    private static void printLogs() {
        try (var logs = Files.walk(dir)) {
            for (Path log :
                    logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                System.err.println("==> " + dir.relativize(log) + " (last 40 lines)");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            }
        } catch (IOException e) {
            System.err.println("the logs could not be read: " + e);
        }
    }

    @BeforeAll
    static void up() throws Exception {
        int exit = script("up", cluster().toString());
        if (exit != 0) {
            printLogs();
        }
        assertThat(exit).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.exists(cluster().resolve("cluster.json"))) {
            script("down", cluster().toString());
        }
    }

    /** Starts again a node a test killed and, failing, left down, so that the tests after it see the whole cluster. */
    @AfterEach
    void everyNodeRuns() throws Exception {
        if (!Files.exists(cluster().resolve("cluster.json"))) {
            return;
        }
        JsonNode nodes = clusterJson().get("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            if (!alive(nodes.get(i).get("pid").asLong())) {
                script("start", cluster().toString(), Integer.toString(i + 1));
            }
        }
    }

    private static int script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Repository.root().resolve("scripts/local-cluster").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("local-cluster.log").toFile()));
        builder.environment().put("SEGEXPORT_DEV_TOKEN", TestServer.TOKEN);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("local-cluster " + String.join(" ", args) + " did not end within 10 minutes");
        }
        return process.exitValue();
    }

    private static JsonNode clusterJson() throws IOException {
        return JSON.readTree(Files.readString(cluster().resolve("cluster.json")));
    }

    /**
     * Whether the process runs: a zombie does not. A process the script started outlives it, so its
     * parent is init, which may reap it seconds after it ended.
     */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(cluster())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(file).trim()));
            }
        }
        return pids;
    }

    private static RestClient node(int id, Tenant tenant) throws IOException {
        return new RestClient(
                clusterJson().get("nodes").get(id - 1).get("httpPort").asInt(), tenant);
    }

    /** Ingests {@code count} profiles, {@value #PER_REQUEST} a request; their emails. */
    private static List<String> ingest(RestClient rest, String dataSet, String prefix, int count) {
        List<String> emails = new ArrayList<>();
        for (int from = 0; from < count; from += PER_REQUEST) {
            List<String> records = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + PER_REQUEST); i++) {
                String email = prefix + "-" + i + "@example.com";
                emails.add(email);
                records.add(Exports.withPoints(email, i));
            }
            Exports.ingestProfiles(rest, dataSet, records.toArray(String[]::new));
        }
        return emails;
    }

    /** The emails of the rows of the job's batch, read through {@code rest}. */
    private static List<String> exportedEmails(RestClient rest, JsonNode job) {
        return Exports.rows(rest, job.at("/destination/batchId").asText()).stream()
                .map(row -> row.at("/personalEmail/address").asText())
                .toList();
    }

    @Test
    @Order(1)
    void clusterJsonDescribesEveryPart() throws Exception {
        JsonNode json = clusterJson();

        assertThat(json.get("nodes")).hasSize(2);
        assertThat(json.get("nodes")).allMatch(node -> alive(node.get("pid").asLong()));
        assertThat(json.get("bootstrapServers").asText().split(",")).hasSize(3);
        assertThat(json.get("s3Endpoint").asText()).startsWith("http://127.0.0.1:");
        assertThat(json.get("bucket").asText()).isEqualTo("segexport");
    }

    @Test
    @Order(2)
    void aJobCreatedOnOneNodeExportsWhatTheOtherIngested() throws Exception {
        Tenant tenant = Tenant.fresh();
        List<String> emails = ingest(node(1, tenant), node(1, tenant).createDataSet(), "both", 50);

        long id = Exports.create(
                node(2, tenant), Requests.minimalCreate(node(2, tenant).createDataSet()));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);

        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(exportedEmails(node(2, tenant), job)).containsExactlyInAnyOrderElementsOf(emails);
    }

    @Test
    @Order(3)
    void aNodeKilledMidExportLeavesTheJobToTheOtherWithEveryRowOnce() throws Exception {
        Tenant tenant = Tenant.fresh();
        List<String> emails = ingest(node(2, tenant), node(2, tenant).createDataSet(), "export", 4_000);
        JsonNode first = clusterJson().get("nodes").get(0);

        long id = Exports.create(
                node(2, tenant), Requests.minimalCreate(node(2, tenant).createDataSet()));
        assertThat(script("kill", cluster().toString(), "1")).isZero();
        JsonNode job = Exports.awaitEnd(node(2, tenant), id);

        assertThat(alive(first.get("pid").asLong())).isFalse();
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(emails.size());
        assertThat(exportedEmails(node(2, tenant), job)).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(script("start", cluster().toString(), "1")).isZero();
        assertThat(clusterJson().get("nodes").get(0).get("httpPort").asInt())
                .isEqualTo(first.get("httpPort").asInt());
        assertThat(node(1, tenant).get(Exports.JOBS + "/" + id).json()).isEqualTo(job);
    }

    @Test
    @Order(4)
    void aNodeKilledMidIngestLosesNoAcknowledgedRecord() throws Exception {
        Tenant tenant = Tenant.fresh();
        String dataSet = node(1, tenant).createDataSet();
        RestClient victim = node(1, tenant);
        List<String> acknowledged = new ArrayList<>();
        Thread ingesting = new Thread(() -> {
            for (int request = 0; ; request++) {
                try {
                    acknowledged.addAll(ingest(victim, dataSet, "ingest-" + request, PER_REQUEST));
                } catch (AssertionError | RuntimeException e) {
                    return; // the node is gone: this request was not acknowledged
                }
            }
        });
        ingesting.start();
        Thread.sleep(2_000);
        assertThat(script("kill", cluster().toString(), "1")).isZero();
        ingesting.join(60_000);
        assertThat(ingesting.isAlive()).as("the ingestion ended with its node").isFalse();

        long id = Exports.create(
                node(2, tenant), Requests.minimalCreate(node(2, tenant).createDataSet()));
        JsonNode job = Exports.awaitEnd(node(2, tenant), id);
        List<String> exported = exportedEmails(node(2, tenant), job);

        assertThat(acknowledged).isNotEmpty();
        assertThat(exported).containsAll(acknowledged).doesNotHaveDuplicates();
        assertThat(script("start", cluster().toString(), "1")).isZero();
    }

    @Test
    @Order(5)
    void aNodeThatRejoinsCatchesUpWithWhatWasIngestedWhileItWasAway() throws Exception {
        Tenant tenant = Tenant.fresh();
        String dataSet = node(1, tenant).createDataSet();
        List<String> emails = new ArrayList<>(ingest(node(1, tenant), dataSet, "before", 1_000));
        assertThat(script("kill", cluster().toString(), "1")).isZero();
        emails.addAll(ingest(node(2, tenant), dataSet, "away", 2_000));
        assertThat(script("start", cluster().toString(), "1")).isZero();
        assertThat(script("kill", cluster().toString(), "2")).isZero();

        long id = Exports.create(
                node(1, tenant), Requests.minimalCreate(node(1, tenant).createDataSet()));
        JsonNode job = Exports.awaitEnd(node(1, tenant), id);

        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(exportedEmails(node(1, tenant), job)).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(script("start", cluster().toString(), "2")).isZero();
    }

    @Test
    @Order(6)
    void aBatchWhoseNodeIsKilledMidProcessingIsProcessedByTheOtherWithEveryRecordOnce() throws Exception {
        Tenant tenant = Tenant.fresh();
        BatchUploads uploads = new BatchUploads(node(2, tenant));
        String dataSet = uploads.dataSet(BatchUploads.PROFILE_SCHEMA, true);
        List<String> emails = IntStream.range(0, 50_000)
                .mapToObj(i -> "batch-" + i + "@example.com")
                .toList();
        String batchId = uploads.create(dataSet, false);
        assertThat(uploads.upload(batchId, dataSet, "profiles.json", BatchUploads.profileLines(emails))
                        .status())
                .isEqualTo(200);

        assertThat(uploads.action(batchId, "COMPLETE").status()).isEqualTo(200);
        int processor = awaitLog("Ingestion batch " + batchId + " is processed on this node");
        int survivor = 3 - processor;
        assertThat(script("kill", cluster().toString(), String.valueOf(processor)))
                .isZero();
        JsonNode batch = new BatchUploads(node(survivor, tenant)).await(batchId);

        assertThat(batch.get("status").asText()).as("%s", batch).isEqualTo("success");
        assertThat(batch.at("/metrics/recordCount").asLong()).isEqualTo(emails.size());
        assertThat(Files.readString(cluster().resolve("node-" + survivor + ".log")))
                .as("the other node took the batch over")
                .contains("Ingestion batch " + batchId + " is processed on this node");
        long id = Exports.create(
                node(survivor, tenant),
                Requests.minimalCreate(node(survivor, tenant).createDataSet()));
        JsonNode job = Exports.awaitEnd(node(survivor, tenant), id);
        assertThat(exportedEmails(node(survivor, tenant), job)).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(script("start", cluster().toString(), String.valueOf(processor)))
                .isZero();
    }

    /** The node whose log comes to hold {@code line}, within 30 s. */
    private static int awaitLog(String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int node = 1; node <= 2; node++) {
                if (Files.readString(cluster().resolve("node-" + node + ".log")).contains(line)) {
                    return node;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no node logged \"" + line + "\" within 30 s");
    }

    @Test
    @Order(7)
    void aNodeOutOfRangeIsRefused() throws Exception {
        assertThat(script("kill", cluster().toString(), "3")).isEqualTo(1);
    }

    @Test
    @Order(8)
    void downStopsEveryPart() throws Exception {
        List<Long> pids = pids();
        assertThat(pids).hasSize(6);

        assertThat(script("down", cluster().toString())).isZero();

        assertThat(pids).noneMatch(LocalClusterIT::alive);
        assertThat(cluster().resolve("cluster.json")).doesNotExist();
    }

    @Test
    @Order(9)
    void upRefusesAFolderWhoseClusterWasStopped() throws Exception {
        assertThat(script("up", cluster().toString())).isEqualTo(1);

        assertThat(Files.readString(dir.resolve("local-cluster.log"))).contains("holds a cluster that was stopped");
        assertThat(cluster().resolve("cluster.json")).doesNotExist();
    }
}
