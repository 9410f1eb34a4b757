package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup taken while profiles stream in and an export job runs restores to a server that answers
 * as the original did when the backup was taken: what had settled before reads the same, every
 * record acknowledged before the backup was asked for is there, none sent after it answered is,
 * and the job that was running ends with its counters equal to its rows.
 */
class BackupRestoreIT {
    private static final int SETTLED_PROFILES = 20_000;
    private static final int PER_REQUEST = 500;

    @TempDir
    Path root;

    @Test
    void aBackupUnderLoadRestoresToTheAnswersOfItsMoment() throws Exception {
        Tenant tenant = Tenant.fresh();
        Path backups = root.resolve("backups");
        String dataSet;
        long settledJob;
        String settledBatch;
        JsonNode settledJobAsEnded;
        List<JsonNode> settledRows;
        String firstProfile = Ingest.lookup("email", "settled-0@x.com");
        JsonNode firstProfileAsIngested;
        long runningJob;
        String runningBatch;
        Path backup;
        List<String> ackedBefore = new ArrayList<>();
        Queue<String> sentAfter = new ConcurrentLinkedQueue<>();
        try (SegexportServer original =
                SegexportServer.start(TestServer.config(root.resolve("data"), 1), OptionalInt.of(0), backups)) {
            RestClient rest = new RestClient(original.httpPort(), tenant);
            dataSet = rest.createDataSet();
            for (int start = 0; start < SETTLED_PROFILES; start += PER_REQUEST) {
                List<String> records = new ArrayList<>();
                for (int i = start; i < start + PER_REQUEST; i++) {
                    records.add(Exports.withPoints("settled-" + i + "@x.com", i));
                }
                Exports.ingestProfiles(rest, dataSet, records.toArray(String[]::new));
            }
            settledJob = Exports.create(rest, Requests.minimalCreate(dataSet));
            settledJobAsEnded = Exports.awaitEnd(rest, settledJob);
            settledBatch = settledJobAsEnded.at("/destination/batchId").asText();
            settledRows = Exports.rows(rest, settledBatch);
            firstProfileAsIngested = rest.get(firstProfile).json();

            AtomicInteger phase = new AtomicInteger(); // 0 before the backup is asked for, 1 during, 2 after
            AtomicBoolean streaming = new AtomicBoolean(true);
            Thread stream = new Thread(() -> {
                RestClient streamer = new RestClient(original.httpPort(), tenant);
                for (int i = 0; streaming.get(); i++) {
                    String email = "live-" + i + "@x.com";
                    int sentIn = phase.get();
                    if (sentIn == 2) {
                        sentAfter.add(email);
                    }
                    Exports.ingestProfiles(streamer, dataSet, Exports.withPoints(email, i));
                    if (sentIn == 0 && phase.get() == 0) {
                        synchronized (ackedBefore) {
                            ackedBefore.add(email);
                        }
                    }
                }
            });
            stream.start();
            while (size(ackedBefore) < 20) {
                Thread.sleep(10);
            }
            // The backup is asked for at once, while the job is new or processing.
            JsonNode running =
                    rest.post(Exports.JOBS, Requests.minimalCreate(dataSet)).json();
            runningJob = running.get("id").asLong();
            runningBatch = running.at("/destination/batchId").asText();

            phase.set(1);
            HttpResponse<String> taken = Scrapes.post(original.managementPort().orElseThrow(), "/admin/backups");
            phase.set(2);
            while (sentAfter.size() < 20) {
                Thread.sleep(10);
            }
            streaming.set(false);
            stream.join();
            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
            backup = Path.of(
                    new ObjectMapper().readTree(taken.body()).get("path").asText());
        }
        Path restored = root.resolve("restored");
        MainRun restore = MainRun.of("restore", "--from", backup.toString(), "--data-dir", restored.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();

        try (TestServer server = TestServer.start(TestServer.config(restored, 1))) {
            RestClient rest = server.rest(tenant);
            assertThat(rest.get(Exports.JOBS + "/" + settledJob).json()).isEqualTo(settledJobAsEnded);
            assertThat(Exports.rows(rest, settledBatch)).isEqualTo(settledRows);
            assertThat(rest.get(firstProfile).json()).isEqualTo(firstProfileAsIngested);
            assertThat(ackedBefore).isNotEmpty();
            for (String email : ackedBefore) {
                assertThat(rest.get(Ingest.lookup("email", email)).status())
                        .as("%s, acknowledged before the backup", email)
                        .isEqualTo(200);
            }
            for (String email : sentAfter) {
                assertThat(rest.get(Ingest.lookup("email", email)).status())
                        .as("%s, sent after the backup", email)
                        .isEqualTo(404);
            }
            JsonNode ended = Exports.awaitEnd(rest, runningJob);
            assertThat(ended.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(Exports.rows(rest, runningBatch))
                    .hasSize(ended.at("/metrics/totalExportedProfileCounter").asInt())
                    .hasSizeGreaterThanOrEqualTo(SETTLED_PROFILES);
        }
    }

    private static int size(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }
}
