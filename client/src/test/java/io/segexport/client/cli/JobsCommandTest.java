package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code segexport jobs ...} on a server without workers: every job stays NEW until it is cancelled. */
class JobsCommandTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @TempDir
    Path files;

    private CliUser tenant;
    private String dataSet;

    @BeforeEach
    void newTenant() {
        tenant = CliUser.of(server);
        dataSet = tenant.client().createDataSet(Fixtures.dataSet("Exports"));
    }

    private long createJob() {
        return tenant.client().createJob(Fixtures.job(dataSet)).getId();
    }

    private static List<Long> ids(JsonNode jobs) {
        List<Long> ids = new ArrayList<>();
        jobs.forEach(job -> ids.add(job.get("id").longValue()));
        return ids;
    }

    @Test
    void createPrintsTheNewJobForAPerson() {
        Path request = TestData.write(files.resolve("request.json"), TestData.jobRequest(dataSet));

        CliRun run = tenant.cli("jobs", "create", "--file", request.toString()).expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^id\\s+\\d+$")
                .containsPattern("(?m)^status\\s+NEW$")
                .containsPattern("(?m)^dataset\\s+" + dataSet + "$")
                .containsPattern("(?m)^created\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$")
                .containsPattern("(?m)^merge policy\\s+timestampOrdered-none-mp v1$");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void createWithJsonOutputPrintsTheJobInItsDocumentedShape() {
        Path request = TestData.write(files.resolve("request.json"), TestData.jobRequest(dataSet));

        JsonNode job = tenant.cli("jobs", "create", "--file", request.toString(), "--output", "json")
                .expectExit(0)
                .json();

        assertThat(job.get("id").isIntegralNumber()).isTrue();
        assertThat(job.get("status").textValue()).isEqualTo("NEW");
        assertThat(job.get("jobType").textValue()).isEqualTo("BATCH");
        assertThat(job.get("destination").get("datasetId").textValue()).isEqualTo(dataSet);
        assertThat(job.get("destination").get("batchId").textValue()).isNotEmpty();
        assertThat(job.get("schema").get("name").textValue()).isEqualTo("_xdm.context.profile");
        assertThat(job.get("imsOrgId").textValue())
                .isEqualTo(tenant.environment().get("SEGEXPORT_ORG"));
        assertThat(job.get("profileInstanceId").textValue()).isEqualTo("ups");
        assertThat(job.get("mergePolicy").get("id").textValue()).isEqualTo("timestampOrdered-none-mp");
        assertThat(job.get("mergePolicy").get("version").intValue()).isEqualTo(1);
        assertThat(job.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(job.get("creationTime").longValue()).isPositive();
    }

    @Test
    void createFromAFileThatIsNotJsonIsBadUsageNamingTheFile() {
        Path request = TestData.write(files.resolve("request.json"), "{\"destination\": ");

        CliRun run = tenant.cli("jobs", "create", "--file", request.toString()).expectExit(2);

        assertThat(run.err()).startsWith("segexport: " + request + ": the body is not valid JSON at line 1");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void createFromAFileWithAFieldOfTheWrongTypeNamesTheField() {
        Path request = TestData.write(files.resolve("request.json"), "{\"destination\": {\"datasetId\": 5}}");

        CliRun run = tenant.cli("jobs", "create", "--file", request.toString()).expectExit(2);

        assertThat(run.err()).isEqualTo("segexport: " + request + ": destination.datasetId must be a string\n");
    }

    @Test
    void createFromAMissingFileIsBadUsage() {
        CliRun run = tenant.cli(
                        "jobs",
                        "create",
                        "--file",
                        files.resolve("nowhere.json").toString())
                .expectExit(2);

        assertThat(run.err()).isEqualTo("segexport: cannot read " + files.resolve("nowhere.json") + ": no such file\n");
    }

    @Test
    void createThatTheServerRefusesIsBadUsageNamingTheField() {
        Path request = TestData.write(files.resolve("request.json"), TestData.jobRequest("5b7c86968f7b6501e21ba9df"));

        CliRun run = tenant.cli("jobs", "create", "--file", request.toString()).expectExit(2);

        assertThat(run.err()).startsWith("segexport: INVALID_ARGUMENT: destination.datasetId");
    }

    @Test
    void createWithoutFileIsBadUsage() {
        CliRun run = tenant.cli("jobs", "create").expectExit(2);

        assertThat(run.err())
                .contains("Missing required option: '--file=FILE'")
                .contains("Try 'segexport jobs create --help'.");
    }

    @Test
    void listShowsTheJobsNewestFirstInATable() {
        long first = createJob();
        long second = createJob();

        CliRun run = tenant.cli("jobs", "list").expectExit(0);

        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("ID\\s+STATUS\\s+CREATED\\s+DATASET\\s+ROWS\\s+TOOK");
        assertThat(lines.get(1)).matches("\\s*" + second + "\\s+NEW\\s+\\S+ \\S+\\s+" + dataSet + "\\s+0\\s+-");
        assertThat(lines.get(2)).matches("\\s*" + first + "\\s+NEW\\s+\\S+ \\S+\\s+" + dataSet + "\\s+0\\s+-");
    }

    @Test
    void listWithJsonOutputIsAnArrayOfJobs() {
        long first = createJob();
        long second = createJob();

        JsonNode jobs = tenant.cli("jobs", "list", "-o", "json").expectExit(0).json();

        assertThat(jobs.isArray()).isTrue();
        assertThat(ids(jobs)).containsExactly(second, first);
        assertThat(jobs.get(0).get("status").textValue()).isEqualTo("NEW");
        assertThat(jobs.get(0).get("destination").get("datasetId").textValue()).isEqualTo(dataSet);
    }

    @Test
    void listWithALimitReadsOnePage() {
        createJob();
        long second = createJob();
        long third = createJob();

        JsonNode jobs = tenant.cli("jobs", "list", "--limit", "2", "-o", "json")
                .expectExit(0)
                .json();

        assertThat(ids(jobs)).containsExactly(third, second);
    }

    @Test
    void listAllReadsEveryPage() {
        long first = createJob();
        long second = createJob();
        long third = createJob();

        JsonNode jobs = tenant.cli("jobs", "list", "--limit", "2", "--all", "-o", "json")
                .expectExit(0)
                .json();

        assertThat(ids(jobs)).containsExactly(third, second, first);
    }

    @Test
    void listByStatusKeepsThatStatusInAnyCase() {
        long cancelled = createJob();
        createJob();
        tenant.client().cancelJob(cancelled);

        JsonNode jobs = tenant.cli("jobs", "list", "--status", "cancelled", "-o", "json")
                .expectExit(0)
                .json();

        assertThat(ids(jobs)).containsExactly(cancelled);
    }

    @Test
    void listOfNoJobsPrintsNothingAndSaysSo() {
        CliRun run = tenant.cli("jobs", "list").expectExit(0);

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no export jobs\n");
    }

    @Test
    void listWithAnUnknownStatusIsBadUsage() {
        CliRun run = tenant.cli("jobs", "list", "--status", "DONE").expectExit(2);

        assertThat(run.err())
                .contains("'DONE' is not a job status; use one of NEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED");
    }

    @Test
    void listWithALimitBelowOneIsBadUsage() {
        CliRun run = tenant.cli("jobs", "list", "--limit", "0").expectExit(2);

        assertThat(run.err()).startsWith("segexport: --limit must be 1 or more, not 0");
    }

    @Test
    void getShowsTheJob() {
        long id = createJob();

        CliRun run = tenant.cli("jobs", "get", String.valueOf(id)).expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^id\\s+" + id + "$")
                .containsPattern("(?m)^status\\s+NEW$")
                .containsPattern("(?m)^progress\\s+0 profiles read, 0 rows written$");
    }

    @Test
    void getWithJsonOutputIsTheJob() {
        long id = createJob();

        JsonNode job = tenant.cli("jobs", "get", String.valueOf(id), "--output", "json")
                .expectExit(0)
                .json();

        assertThat(job.get("id").longValue()).isEqualTo(id);
        assertThat(job.get("status").textValue()).isEqualTo("NEW");
        assertThat(job.get("updateTime").isIntegralNumber()).isTrue();
    }

    @Test
    void getOfAnUnknownJobIsNotFound() {
        CliRun run = tenant.cli("jobs", "get", "987654").expectExit(4);

        assertThat(run.err()).startsWith("segexport: NOT_FOUND: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void getOfAnotherTenantsJobIsNotFound() {
        long id = createJob();

        CliUser.of(server).cli("jobs", "get", String.valueOf(id)).expectExit(4);
    }

    @Test
    void getWithAnIdThatIsNotANumberIsBadUsage() {
        CliRun run = tenant.cli("jobs", "get", "twelve").expectExit(2);

        assertThat(run.err()).contains("'twelve'").contains("Try 'segexport jobs get --help'.");
    }

    @Test
    void cancelMarksAJobForCancelling() {
        long id = createJob();

        CliRun run = tenant.cli("jobs", "cancel", String.valueOf(id)).expectExit(0);

        assertThat(run.out()).isEqualTo("Export job has been marked for cancelling\n");
        assertThat(tenant.client().getJob(id).getStatus().name()).isEqualTo("CANCELLED");
    }

    @Test
    void cancelWithJsonOutputIsTheResponse() {
        long id = createJob();

        JsonNode response = tenant.cli("jobs", "cancel", String.valueOf(id), "-o", "json")
                .expectExit(0)
                .json();

        assertThat(response.get("status").booleanValue()).isTrue();
        assertThat(response.get("message").textValue()).isEqualTo("Export job has been marked for cancelling");
    }

    @Test
    void cancelOfAnUnknownJobIsNotFound() {
        tenant.cli("jobs", "cancel", "987654").expectExit(4);
    }

    @Test
    void waitForACancelledJobExits5WithTheJob() {
        long id = createJob();
        tenant.client().cancelJob(id);

        CliRun run =
                tenant.cli("jobs", "wait", String.valueOf(id), "-o", "json").expectExit(5);

        assertThat(run.json().get("status").textValue()).isEqualTo("CANCELLED");
        assertThat(run.err()).endsWith("segexport: export job " + id + " ended CANCELLED\n");
    }

    @Test
    void waitForAJobThatDoesNotEndTimesOut() {
        long id = createJob();

        CliRun run = tenant.cli("jobs", "wait", String.valueOf(id), "--timeout", "1s")
                .expectExit(7);

        assertThat(run.err())
                .startsWith("export job " + id + " 0 profiles (NEW, waiting for a worker)\n")
                .endsWith("segexport: export job " + id + " has not ended within 1.0 s (--timeout); it is NEW\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void waitForAnUnknownJobIsNotFound() {
        tenant.cli("jobs", "wait", "987654").expectExit(4);
    }
}
