package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server (SIGKILL) at a random moment of concurrent ingest, export jobs and segment
 * evaluations, again and again, and after each restart checks what was acknowledged before the
 * kill: every record is there, every job ends SUCCEEDED, its batch is whole and its counters equal
 * its rows. {@code -Dtorture.kills=N} sets the number of kills (2 in the build, 50 in the
 * {@code torture} profile that {@code scripts/torture} runs); {@code -Dtorture.seed} replays a run.
 */
class TortureIT {
    private static final int KILLS = Integer.getInteger("torture.kills", 2);
    private static final long SEED = Long.getLong("torture.seed", System.nanoTime());
    private static final Pattern READY = Pattern.compile("^segexport: ready");
    private static final Duration JOBS_END_WITHIN = Duration.ofMinutes(2);

    @TempDir
    Path dataDir;

    private final Tenant tenant = Tenant.fresh();
    private final Random random = new Random(SEED);
    private final AtomicInteger nextProfile = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();
    private final List<String> acknowledged = new ArrayList<>();
    private int checkedJobs;

    @Test
    void nothingAcknowledgedIsLostWhenTheServerIsKilledAtRandomMoments() throws Exception {
        long started = System.nanoTime();
        MainProcess server = start();
        RestClient rest = new RestClient(server.httpPort(), tenant);
        server.awaitLine(READY);
        String dataSet = rest.createDataSet();
        String segment = definedSegment(rest);
        seedMembers(rest, dataSet);
        for (int kill = 1; kill <= KILLS; kill++) {
            TortureLoad load = new TortureLoad(rest, dataSet, segment, random.nextLong(), nextProfile);
            load.start();
            Thread.sleep(300 + random.nextInt(2_700));
            server.kill();
            load.close();
            server = start();
            rest = new RestClient(server.httpPort(), tenant);
            server.awaitLine(READY);
            checkRecords(rest, kill, load.acknowledged());
            checkJobs(rest, kill, load.jobs());
            acknowledged.addAll(load.acknowledged());
        }
        checkEveryRecordIsExported(rest, dataSet);
        server.close();

        System.out.printf(
                "torture: %d kills (seed %d), %d violations; %d records and %d jobs acknowledged and checked; %d s%n",
                KILLS,
                SEED,
                violations.size(),
                acknowledged.size(),
                checkedJobs,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(violations).as("seed %d", SEED).isEmpty();
    }

    private MainProcess start() throws Exception {
        return MainProcess.start(
                "--data-dir", dataDir.toString(),
                "--dev-token", TestServer.TOKEN,
                "--grpc-port", "0",
                "--http-port", "0",
                "--workers", "2",
                "--limit", "client-rate=1000000",
                "--limit", "client-burst=1000000");
    }

    private static String definedSegment(RestClient rest) {
        RestClient.Response created = rest.post(
                SegmentDefinitionTest.DEFINITIONS, SegmentDefinitionTest.definition("rich", "loyalty.points >= 100"));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        return created.json().get("id").asText();
    }

    /** Members of the segment from the start, so that every job writes rows. */
    private void seedMembers(RestClient rest, String dataSet) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String email = "seed" + i + "@example.com";
            records.add(Exports.withPoints(email, 150));
            acknowledged.add(email);
        }
        Exports.ingestProfiles(rest, dataSet, records.toArray(String[]::new));
    }

    private void checkRecords(RestClient rest, int kill, List<String> emails) {
        for (String email : emails) {
            int status = rest.get(Ingest.lookup("email", email)).status();
            if (status != 200) {
                violations.add("kill " + kill + ": record " + email + " was acknowledged, then answered " + status);
            }
        }
    }

    /** Waits for every job to end, then checks each: SUCCEEDED, its batch whole, its counters its rows. */
    private void checkJobs(RestClient rest, int kill, List<Long> ids) throws InterruptedException {
        Set<Long> running = new LinkedHashSet<>(ids);
        long deadline = System.nanoTime() + JOBS_END_WITHIN.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            for (Long id : List.copyOf(running)) {
                JsonNode job = rest.get(Exports.JOBS + "/" + id).json();
                String status = job.path("status").asText();
                if (status.equals("NEW") || status.equals("PROCESSING")) {
                    continue;
                }
                running.remove(id);
                checkedJobs++;
                if (!status.equals("SUCCEEDED")) {
                    violations.add("kill " + kill + ": job " + id + " ended " + status + ": " + job.path("errors"));
                } else {
                    checkBatch(rest, kill, job);
                }
            }
            Thread.sleep(100);
        }
        running.forEach(
                id -> violations.add("kill " + kill + ": job " + id + " did not end within " + JOBS_END_WITHIN));
    }

    private void checkBatch(RestClient rest, int kill, JsonNode job) {
        String batchId = job.at("/destination/batchId").asText();
        long rows = Exports.rows(rest, batchId).size();
        long counted = job.at("/metrics/totalExportedProfileCounter").asLong();
        long recorded = rest.get(BatchUploads.CATALOG_BATCHES + batchId)
                .json()
                .path(batchId)
                .at("/metrics/recordCount")
                .asLong(-1);
        if (rows != counted || rows != recorded) {
            violations.add("kill " + kill + ": job " + job.get("id") + " counted " + counted + " profiles, its batch "
                    + batchId + " records " + recorded + " and holds " + rows + " rows");
        }
    }

    /** At the end, one export of everything: every acknowledged record among its rows. */
    private void checkEveryRecordIsExported(RestClient rest, String dataSet) throws InterruptedException {
        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(dataSet)));
        Set<String> exported = new HashSet<>();
        for (JsonNode row : Exports.rows(rest, job.at("/destination/batchId").asText())) {
            exported.add(row.at("/personalEmail/address").asText());
        }
        acknowledged.stream()
                .filter(email -> !exported.contains(email))
                .forEach(email -> violations.add("record " + email + " is not in the final export"));
    }
}
