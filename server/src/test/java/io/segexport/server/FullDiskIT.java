package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.server.store.DiskFull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose data folder's disk fills for real (a tmpfs of 256 MiB): writes are refused with 507
 * or RESOURCE_EXHAUSTED naming the cause, reads go on, a running job fails saying why, and once space
 * is freed the same process takes writes again, with every acknowledged record kept.
 */
class FullDiskIT {
    /** Records of about 8 KB, 100 a request: the write-ahead log's room runs out within 30 MB or so. */
    private static final String NOTE = "x".repeat(8_000);

    @TempDir
    Path root;

    private final Tenant tenant = Tenant.fresh();
    private Tmpfs disk;
    private Path filler;
    private TestServer server;
    private RestClient rest;
    private String dataSet;

    @BeforeEach
    void start() throws Exception {
        disk = Tmpfs.mount(root.resolve("disk"), 256);
        filler = disk.path().resolve("filler");
        server = TestServer.start(disk.path().resolve("data"), 1);
        rest = server.rest(tenant);
        dataSet = rest.createDataSet();
        Exports.ingestProfiles(rest, dataSet, Exports.withPoints("before@example.com", 1));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            server.close();
        } finally {
            disk.close();
        }
    }

    @Test
    void writesOnAFullDiskAreRefusedWith507NamingTheCause() throws Exception {
        RestClient.Response refused = fillUntilRefused(new ArrayList<>());

        assertThat(refused.status()).isEqualTo(507);
        assertThat(refused.json().get("detail").asText()).isEqualTo(DiskFull.MESSAGE);
    }

    @Test
    void grpcWritesOnAFullDiskAreResourceExhaustedNamingTheCause() throws Exception {
        fillUntilRefused(new ArrayList<>());

        try (GrpcClient grpc = new GrpcClient(server.grpcPort())) {
            assertThatThrownBy(() -> grpc.createDataSet(tenant))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).isEqualTo(DiskFull.MESSAGE);
                    });
        }
    }

    @Test
    void readsGoOnWhileTheDiskIsFull() throws Exception {
        fillUntilRefused(new ArrayList<>());

        assertThat(rest.get(Ingest.lookup("email", "before@example.com")).status())
                .isEqualTo(200);
        assertThat(rest.get(Exports.JOBS).status()).isEqualTo(200);
        assertThat(rest.get("/data/foundation/catalog/dataSets/" + dataSet).status())
                .isEqualTo(200);
    }

    @Test
    void aJobThatCannotWriteItsBatchFailsSayingTheDiskIsFull() throws Exception {
        // The write-ahead log keeps room it took before, so the job is stored; its batch is not.
        disk.fill(filler);

        long id = Exports.create(rest, Requests.minimalCreate(dataSet));
        JsonNode job = Exports.awaitEnd(rest, id);

        assertThat(job.get("status").asText()).isEqualTo("FAILED");
        assertThat(job.at("/errors/0/msg").asText())
                .isEqualTo("Error in Export Job: the data folder's disk is full (No space left on device);"
                        + " run the job again once space is freed");
    }

    @Test
    void onceSpaceIsFreedTheSameServerTakesWritesAgainAndKeepsEveryAcknowledgedRecord() throws Exception {
        List<String> acknowledged = new ArrayList<>(List.of("before@example.com"));
        fillUntilRefused(acknowledged);

        Files.delete(filler);
        RestClient.Response resumed = retryUntilWritten(acknowledged);

        assertThat(resumed.status()).as("%s", resumed).isEqualTo(200);
        assertThat(exportedProfiles()).isEqualTo(acknowledged.size());
        server = server.restart();
        rest = server.rest(tenant);
        assertThat(exportedProfiles()).isEqualTo(acknowledged.size());
        for (String email : List.of(acknowledged.get(0), acknowledged.get(acknowledged.size() - 1))) {
            assertThat(rest.get(Ingest.lookup("email", email)).status())
                    .as(email)
                    .isEqualTo(200);
        }
    }

    /** Fills the disk, then ingests until a request is refused (at most 200 of them); returns the refusal. */
    private RestClient.Response fillUntilRefused(List<String> acknowledged) throws Exception {
        disk.fill(filler);
        for (int request = 0; request < 200; request++) {
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                emails.add("r" + request + "-" + i + "@example.com");
            }
            RestClient.Response response = ingest(emails);
            if (response.status() != 200) {
                return response;
            }
            acknowledged.addAll(emails);
        }
        throw new AssertionError("200 requests of 800 KB were all written to a full disk");
    }

    /** Sends one small record every 200 ms until it is written (at most a minute); the last answer. */
    private RestClient.Response retryUntilWritten(List<String> acknowledged) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        RestClient.Response response;
        int attempt = 0;
        do {
            String email = "after" + attempt++ + "@example.com";
            response = ingest(List.of(email));
            if (response.status() == 200) {
                acknowledged.add(email);
                return response;
            }
            assertThat(response.status()).as("%s", response).isEqualTo(507);
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return response;
    }

    private RestClient.Response ingest(List<String> emails) {
        StringBuilder records = new StringBuilder();
        for (String email : emails) {
            records.append(records.isEmpty() ? "" : ",")
                    .append("{\"identityMap\": {\"email\": [{\"id\": \"")
                    .append(email)
                    .append("\"}]}, \"note\": \"")
                    .append(NOTE)
                    .append("\"}");
        }
        return rest.post(Ingest.PROFILES, Ingest.jsonBody(dataSet, records.toString()));
    }

    private long exportedProfiles() throws InterruptedException {
        long id = Exports.create(rest, Requests.minimalCreate(dataSet));
        JsonNode job = Exports.awaitEnd(rest, id);
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        return job.at("/metrics/totalExportedProfileCounter").asLong();
    }
}
