package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import io.segexport.server.store.DataLayout;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Jobs that really export: {@code jobs create --wait}, {@code jobs wait}, {@code batches download}. */
class JobExportTest {
    private static final int PROFILES = 30;

    @RegisterExtension
    static final SharedServer server = new SharedServer(1);

    @TempDir
    Path files;

    private CliUser tenant;
    private String dataSet;

    @BeforeEach
    void tenantWithProfiles() {
        tenant = CliUser.of(server);
        dataSet = tenant.client().createDataSet(Fixtures.dataSet("Exports"));
        List<Struct> profiles = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            profiles.add(TestData.profile("p" + i + "@example.com", "P" + i));
        }
        tenant.client().ingestProfiles(dataSet, profiles);
    }

    private Path request() {
        return TestData.write(files.resolve("request.json"), TestData.jobRequest(dataSet));
    }

    /** A job of the tenant, run to its end through the library. */
    private ExportJob exported() throws Exception {
        long id = tenant.client().createJob(Fixtures.job(dataSet)).getId();
        return tenant.client().awaitCompletion(id, Duration.ofSeconds(60));
    }

    @Test
    void createWithWaitEndsSucceededWithProgressOnStderrAndTheJobOnStdout() {
        CliRun run = tenant.cli("jobs", "create", "--file", request().toString(), "--wait", "-o", "json")
                .expectExit(0);

        JsonNode job = run.json();
        long id = job.get("id").longValue();
        assertThat(job.get("status").textValue()).isEqualTo("SUCCEEDED");
        assertThat(job.get("metrics").get("totalExportedProfileCounter").longValue())
                .isEqualTo(PROFILES);
        assertThat(job.get("metrics")
                        .get("exportedProfileByNamespaceCounter")
                        .get("email")
                        .longValue())
                .isEqualTo(PROFILES);
        assertThat(job.get("progress").get("rowsWritten").longValue()).isEqualTo(PROFILES);
        assertThat(job.get("progress").get("profilesRead").longValue()).isEqualTo(PROFILES);
        assertThat(run.err())
                .startsWith("created export job " + id + "\nexport job " + id + " ")
                .endsWith("export job " + id + " " + PROFILES + "/" + PROFILES + " profiles 100%"
                        + run.err()
                                .substring(
                                        run.err().lastIndexOf(" 100%") + 5,
                                        run.err().lastIndexOf(" (SUCCEEDED"))
                        + " (SUCCEEDED, " + PROFILES + " rows written)\n")
                .doesNotContain("\r");
    }

    @Test
    void createWithWaitOnATerminalRedrawsABarInPlace() {
        CliRun run = tenant.cliOnTerminal("jobs", "create", "--file", request().toString(), "--wait")
                .expectExit(0);

        assertThat(run.err())
                .contains("\rexport job ")
                .contains(" [####################] 30/30 profiles 100%")
                .endsWith("\n");
        assertThat(run.out()).containsPattern("(?m)^status\\s+SUCCEEDED$");
    }

    @Test
    void aSegmentCreatedOnTheCommandLineIsWhatAJobEvaluatingItExports() {
        String segment = tenant.cli("segments", "create", "--name", "P7", "--pql", "person.name = \"P7\"", "-o", "json")
                .expectExit(0)
                .json()
                .get("id")
                .textValue();
        Path request = TestData.write(files.resolve("segmented.json"), TestData.segmentedJobRequest(dataSet, segment));

        JsonNode job = tenant.cli("jobs", "create", "--file", request.toString(), "--wait", "-o", "json")
                .expectExit(0)
                .json();

        assertThat(job.get("metrics").get("segmentedProfileCounter").longValue())
                .isEqualTo(PROFILES);
        assertThat(job.get("metrics").get("totalExportedProfileCounter").longValue())
                .isEqualTo(1);
    }

    @Test
    void aJobThatEvaluatedShowsHowManyProfilesItEvaluatedAndHowLong() {
        String segment = tenant.cli("segments", "create", "--name", "P7", "--pql", "person.name = \"P7\"", "-o", "json")
                .expectExit(0)
                .json()
                .get("id")
                .textValue();
        Path request = TestData.write(files.resolve("segmented.json"), TestData.segmentedJobRequest(dataSet, segment));

        CliRun run = tenant.cli("jobs", "create", "--file", request.toString(), "--wait")
                .expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^evaluated\\s+" + PROFILES + " profiles in \\S+ m?s$")
                .containsPattern(
                        "(?m)^progress\\s+" + PROFILES + " profiles evaluated, 1/1 profiles read, 1 rows written$")
                .containsPattern("(?m)^exported\\s+1 profiles \\(email 1\\)$");
    }

    @Test
    void waitForASucceededJobShowsItForAPerson() throws Exception {
        ExportJob job = exported();

        CliRun run = tenant.cli("jobs", "wait", String.valueOf(job.getId())).expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^status\\s+SUCCEEDED$")
                .containsPattern("(?m)^batch\\s+" + job.getDestination().getBatchId() + "$")
                .containsPattern("(?m)^progress\\s+30/30 profiles read, 30 rows written$")
                .containsPattern("(?m)^exported\\s+30 profiles \\(email 30\\)$")
                .containsPattern("(?m)^took\\s+\\S+ m?s$");
    }

    @Test
    void downloadWritesTheFilesTheExportWrote() throws Exception {
        String batchId = exported().getDestination().getBatchId();
        Path dir = files.resolve("download");

        JsonNode batch = tenant.cli("batches", "download", batchId, "--dir", dir.toString(), "-o", "json")
                .expectExit(0)
                .json();

        Path exported = new DataLayout(server.dataDir()).batch(batchId);
        assertThat(names(dir)).isEqualTo(names(exported)).isNotEmpty();
        for (String name : names(exported)) {
            assertThat(dir.resolve(name)).hasSameBinaryContentAs(exported.resolve(name));
        }
        assertThat(batch.get("id").textValue()).isEqualTo(batchId);
        assertThat(batch.get("status").textValue()).isEqualTo("success");
        assertThat(batch.get("metrics").get("recordCount").longValue()).isEqualTo(PROFILES);
        assertThat(batch.get("metrics").get("outputByteSize").longValue())
                .isEqualTo(Files.size(dir.resolve("part-00000.json")));
    }

    @Test
    void downloadShowsItsProgressInBytesAndTheBatchForAPerson() throws Exception {
        String batchId = exported().getDestination().getBatchId();
        Path dir = files.resolve("download");

        CliRun run = tenant.cli("batches", "download", batchId, "--dir", dir.toString())
                .expectExit(0);

        long size = Files.size(dir.resolve("part-00000.json"));
        assertThat(run.err())
                .startsWith("download " + batchId + " ")
                .contains(" KiB 100%")
                .endsWith("\n");
        assertThat(run.out())
                .containsPattern("(?m)^batch\\s+" + batchId + "$")
                .containsPattern("(?m)^records\\s+30$")
                .containsPattern("(?m)^files\\s+1$")
                .containsPattern("(?m)^dataSet\\s+" + dataSet + "$")
                .containsPattern("(?m)^size\\s+" + Unit.BYTES.amount(size).replace(".", "\\.") + "$")
                .containsPattern("(?m)^downloaded into\\s+" + dir + "$");
    }

    @Test
    void deleteRemovesTheBatchAndItsFiles() throws Exception {
        String batchId = exported().getDestination().getBatchId();

        CliRun run = tenant.cli("batches", "delete", batchId).expectExit(0);

        assertThat(run.out()).isEqualTo("deleted batch " + batchId + "\n");
        assertThat(new DataLayout(server.dataDir()).batch(batchId)).doesNotExist();
        tenant.cli(
                        "batches",
                        "download",
                        batchId,
                        "--dir",
                        files.resolve("gone").toString())
                .expectExit(4);
    }

    @Test
    void deleteOfAnUnknownBatchIsNotFound() {
        CliRun run = tenant.cli("batches", "delete", "0123456789abcdef0123456789abcdef")
                .expectExit(4);

        assertThat(run.err()).startsWith("segexport: NOT_FOUND: batch 0123456789abcdef0123456789abcdef does not exist");
    }

    @Test
    void downloadOfAnUnknownBatchIsNotFoundAndWritesNothing() {
        Path dir = files.resolve("download");

        CliRun run = tenant.cli("batches", "download", "0123456789abcdef", "--dir", dir.toString())
                .expectExit(4);

        assertThat(run.err()).startsWith("segexport: NOT_FOUND: ");
        assertThat(dir).doesNotExist();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
