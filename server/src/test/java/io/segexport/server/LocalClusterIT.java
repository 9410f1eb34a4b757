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
import org.junit.jupiter.api.AfterAll;
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
 * scripts/local-cluster as people run it, in order: up once (brokers, S3Mock, two nodes), exports on
 * each node, a node killed and started again, down. The nodes are independent servers until the cluster mode exists; each runs an export
 * whose batch lives in the shared bucket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Ingests two profiles into node's tenant and exports them; the job's batch id. */
    private static String export(RestClient rest) throws InterruptedException {
        String profiles = rest.createDataSet();
        Exports.ingestProfiles(
                rest, profiles, Exports.withPoints("ada@example.com", 1), Exports.withPoints("bo@example.com", 2));
        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(rest.createDataSet())));
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        return job.at("/destination/batchId").asText();
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
    void eachNodeExportsIntoTheBucketAndServesTheRows() throws Exception {
        Tenant tenant = Tenant.fresh();
        for (JsonNode node : clusterJson().get("nodes")) {
            RestClient rest = new RestClient(node.get("httpPort").asInt(), tenant);

            assertThat(Exports.rows(rest, export(rest))).hasSize(2);
        }
    }

    @Test
    @Order(3)
    void aKilledNodeStartsAgainOnItsPortsWithItsData() throws Exception {
        JsonNode first = clusterJson().get("nodes").get(0);
        RestClient rest = new RestClient(first.get("httpPort").asInt(), Tenant.fresh());
        String batchId = export(rest);

        assertThat(script("kill", cluster().toString(), "1")).isZero();
        assertThat(alive(first.get("pid").asLong())).isFalse();
        assertThat(script("start", cluster().toString(), "1")).isZero();

        JsonNode restarted = clusterJson().get("nodes").get(0);
        assertThat(restarted.get("httpPort").asInt())
                .isEqualTo(first.get("httpPort").asInt());
        assertThat(alive(restarted.get("pid").asLong())).isTrue();
        assertThat(Exports.rows(rest, batchId)).hasSize(2);
    }

    @Test
    @Order(4)
    void aNodeOutOfRangeIsRefused() throws Exception {
        assertThat(script("kill", cluster().toString(), "3")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void downStopsEveryPart() throws Exception {
        List<Long> pids = pids();
        assertThat(pids).hasSize(6);

        assertThat(script("down", cluster().toString())).isZero();

        assertThat(pids).noneMatch(LocalClusterIT::alive);
        assertThat(cluster().resolve("cluster.json")).doesNotExist();
    }

    @Test
    @Order(6)
    void upRefusesAFolderWhoseClusterWasStopped() throws Exception {
        assertThat(script("up", cluster().toString())).isEqualTo(1);

        assertThat(Files.readString(dir.resolve("local-cluster.log"))).contains("holds a cluster that was stopped");
        assertThat(cluster().resolve("cluster.json")).doesNotExist();
    }
}
