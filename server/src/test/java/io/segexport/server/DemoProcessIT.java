package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as the README starts it, {@code --demo}, in a process of its own: one process for
 * every test, as seeding takes seconds. The first request is sent the moment the HTTP port is printed.
 */
class DemoProcessIT {
    private static final Pattern READY = Pattern.compile(
            "segexport: ready: demo org " + Pattern.quote(DemoData.ORG) + ", sandbox prod, api key segexport-demo; "
                    + "the documented export job 1 is SUCCEEDED \\((\\d+) profiles exported\\)");

    @TempDir
    static Path dataDir;

    private static MainProcess demo;
    private static List<String> output;
    private static RestClient rest;
    private static RestClient.Response firstAnswer;
    private static String readyLine;

    @BeforeAll
    static void startTheDemo() throws Exception {
        demo = MainProcess.start(MainArgs.testServer(dataDir, "--demo"));
        output = demo.output();
        rest = new RestClient(
                demo.httpPort(), new Tenant(DemoData.ORG, DemoData.SANDBOX, DemoData.API_KEY, TestServer.TOKEN));
        firstAnswer = rest.get("/data/core/ups/export/jobs");
        demo.awaitLine(Pattern.compile("segexport: ready"));
        readyLine = output.get(output.size() - 1);
    }

    @AfterAll
    static void stopTheDemo() throws Exception {
        demo.close();
    }

    @Test
    void theFirstAnswerFindsTheDocumentedJobEnded() {
        assertThat(firstAnswer.status()).isEqualTo(200);
        JsonNode records = firstAnswer.json().get("records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("id").asLong()).isEqualTo(1);
        assertThat(records.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void seedingIsAnnouncedBeforeThePortsAndReadinessAfterThem() {
        assertThat(output)
                .filteredOn(line -> line.startsWith("segexport: seeding the demo world"))
                .hasSize(1);
        int seeding = indexOf("segexport: seeding the demo world");
        int listening = indexOf("segexport: HTTP listening on port");
        int readyAt = indexOf("segexport: ready");
        assertThat(seeding).isLessThan(listening);
        assertThat(listening).isLessThan(readyAt);
    }

    @Test
    void theReadyLineSaysWhatTheDocumentedJobExported() {
        Matcher line = READY.matcher(readyLine);
        assertThat(line.matches()).as(readyLine).isTrue();
        assertThat(Long.parseLong(line.group(1)))
                .isEqualTo(rest.get("/export/jobs/1")
                        .json()
                        .at("/metrics/totalExportedProfileCounter")
                        .asLong())
                .isPositive();
    }

    @Test
    void theDocumentedJobsRowsShowTheDemoEventsByIdAndTime() {
        String batch =
                rest.get("/export/jobs/1").json().at("/destination/batchId").asText();
        List<JsonNode> withEvents = Exports.rows(rest, batch).stream()
                .filter(row -> !row.get("eventList").isEmpty())
                .toList();

        assertThat(withEvents)
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("eventList")).allSatisfy(event -> {
                    assertThat(event.get("_id").asText()).startsWith("event-");
                    assertThat(event.has("timestamp")).isTrue();
                    assertThat(event.has("eventType"))
                            .as("projected away by \"fields\": \"string\"")
                            .isFalse();
                }));
    }

    @Test
    void theDocumentedCreateRequestExportsMembersOfItsSegment() throws Exception {
        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, DemoData.DOCUMENTED_REQUEST));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isPositive();
        assertThat(Exports.rows(rest, job.at("/destination/batchId").asText()))
                .hasSize((int) job.at("/metrics/totalExportedProfileCounter").asLong())
                .allSatisfy(row -> assertThat(row.at("/segmentMembership/ups").has(DemoData.SEGMENT))
                        .isTrue());
    }

    @Test
    void demoDefinitionsAreEvaluatedByAJobThatAsksForSegmentation() throws Exception {
        JsonNode job = Exports.awaitEnd(
                rest,
                Exports.create(
                        rest,
                        Requests.segmentsJob(
                                DemoData.DATASET, true, List.of("realized", "existing"), DemoData.GOLD_IN_SAN_JOSE)));

        // Gold is every third demo profile, San Jose every fourth.
        List<String> expected = IntStream.range(0, DemoData.PROFILES)
                .filter(i -> i % 12 == 0)
                .mapToObj(i -> "user" + i + "@example.com")
                .toList();
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/metrics/segmentedProfileCounter").asLong()).isGreaterThanOrEqualTo(DemoData.PROFILES);
        assertThat(job.at("/metrics/segmentationTime/totalTimeInMs").isIntegralNumber())
                .isTrue();
        assertThat(Exports.rows(rest, job.at("/destination/batchId").asText()))
                .allSatisfy(row -> assertThat(row.at("/segmentMembership/ups/" + DemoData.GOLD_IN_SAN_JOSE + "/status")
                                .asText())
                        .isEqualTo("realized"))
                .map(row -> row.at("/identityMap/email/0/id").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static int indexOf(String prefix) {
        return IntStream.range(0, output.size())
                .filter(i -> output.get(i).startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }
}
