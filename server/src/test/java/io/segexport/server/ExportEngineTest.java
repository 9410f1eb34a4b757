package io.segexport.server;

import static io.segexport.server.Exports.membership;
import static io.segexport.server.Exports.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jobs that really export: rows, metrics, batches, merge, projection, events, one batch per segment. */
class ExportEngineTest {
    /** Moved forward between ingests, to tell their times apart without sleeping. */
    static final MutableClock clock = MutableClock.running();

    @RegisterExtension
    static final SharedServer server = new SharedServer(2, clock);

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final String dataSet = rest.createDataSet();

    private String job(String rest) {
        return "{\"destination\": {\"datasetId\": \"" + dataSet
                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}" + (rest.isEmpty() ? "" : ", " + rest) + "}";
    }

    @Test
    void aJobExportsTheMembersWithTheDocumentedMetricsAndABatch() throws Exception {
        Exports.ingestProfiles(
                rest,
                dataSet,
                profile(
                        "a@x.com",
                        membership("ups", "seg1", "realized", "2018-01-15T00:00:00Z"),
                        "\"person\": {\"name\": {\"firstName\": \"Ada\"}}"),
                profile("b@x.com", membership("ups", "seg1", "existing", "2018-01-16T00:00:00Z"), ""),
                profile("c@x.com", membership("ups", "seg9", "realized", "2018-01-16T00:00:00Z"), ""));

        JsonNode job = Exports.awaitEnd(
                rest,
                Exports.create(
                        rest,
                        job(
                                "\"fields\": \"personalEmail.address\", \"filter\": {\"segments\": [{\"segmentId\": \"seg1\"}]}")));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/computeGatewayJobId/exportJob").asText()).isNotEmpty();
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(2);
        assertThat(job.at("/metrics/exportedProfileByNamespaceCounter/email").asLong())
                .isEqualTo(2);
        assertThat(job.at("/metrics/totalTime/totalTimeInMs").isIntegralNumber())
                .isTrue();
        assertThat(job.at("/metrics/profileExportTime/endTimeInMs").asLong())
                .isGreaterThanOrEqualTo(
                        job.at("/metrics/profileExportTime/startTimeInMs").asLong());
        assertThat(job.at("/progress/profilesRead").asLong())
                .as("only the members, named by the index")
                .isEqualTo(2);
        assertThat(job.at("/progress/profilesTotal").asLong()).isEqualTo(2);
        assertThat(job.at("/progress/rowsWritten").asLong()).isEqualTo(2);
        String batchId = job.at("/destination/batchId").asText();
        JsonNode batch =
                rest.get("/data/foundation/catalog/batches/" + batchId).json().get(batchId);
        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/recordCount").asLong()).isEqualTo(2);
        assertThat(batch.at("/relatedObjects/0/id").asText()).isEqualTo(dataSet);
        List<JsonNode> rows = Exports.rows(rest, batchId);
        assertThat(rows).hasSize(2);
        JsonNode ada = rows.stream()
                .filter(r -> r.at("/identityMap/email/0/id").asText().equals("a@x.com"))
                .findFirst()
                .orElseThrow();
        assertThat(ada.at("/personalEmail/address").asText()).isEqualTo("a@x.com");
        assertThat(ada.has("person")).as("projected away").isFalse();
        assertThat(ada.at("/segmentMembership/ups/seg1/status").asText()).isEqualTo("realized");
    }

    @Test
    void aJobThatMatchesNothingSucceedsWithAnEmptyBatch() throws Exception {
        Exports.ingestProfiles(rest, dataSet, profile("a@x.com", "", ""));

        JsonNode job = Exports.awaitEnd(
                rest, Exports.create(rest, job("\"filter\": {\"segments\": [{\"segmentId\": \"nobody\"}]}")));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isZero();
        String batchId = job.at("/destination/batchId").asText();
        assertThat(rest.get("/data/foundation/catalog/batches/" + batchId)
                        .json()
                        .at("/" + batchId + "/metrics/recordCount")
                        .asLong())
                .isZero();
        assertThat(Exports.rows(rest, batchId)).isEmpty();
    }

    @Test
    void segmentPerBatchWritesAProfileOfTwoSegmentsIntoBoth() throws Exception {
        Exports.ingestProfiles(
                rest,
                dataSet,
                profile(
                        "both@x.com",
                        "{\"ups\": {\"segA\": {\"status\": \"realized\", \"lastQualificationTime\": \"2018-01-01T00:00:00Z\"},"
                                + " \"segB\": {\"status\": \"existing\", \"lastQualificationTime\": \"2018-01-02T00:00:00Z\"}}}",
                        ""),
                profile("a@x.com", membership("ups", "segA", "realized", "2018-01-01T00:00:00Z"), ""));

        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, """
                {"destination": {"datasetId": "%s", "segmentPerBatch": true}, "schema": {"name": "_xdm.context.profile"},
                 "filter": {"segments": [{"segmentId": "segA"}, {"segmentId": "segB"}]}}""".formatted(dataSet)));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        Map<String, List<String>> bySegment = new TreeMap<>();
        for (JsonNode batch : job.at("/destination/batches")) {
            bySegment.put(
                    batch.get("segmentId").asText(),
                    Exports.rows(rest, batch.get("batchId").asText()).stream()
                            .map(row -> row.at("/identityMap/email/0/id").asText() + ":"
                                    + row.at("/segmentMembership/ups")
                                            .fieldNames()
                                            .next())
                            .sorted()
                            .toList());
        }
        assertThat(bySegment)
                .containsExactly(
                        Map.entry("segA", List.of("a@x.com:segA", "both@x.com:segA")),
                        Map.entry("segB", List.of("both@x.com:segB")));
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(2);
    }

    @Test
    void aDataSetPrecedencePolicyDecidesConflictingAttributes() throws Exception {
        String crm = rest.createDataSet();
        Exports.ingestProfiles(
                rest,
                crm,
                profile("a@x.com", "", "\"loyalty\": {\"tier\": \"gold\"}, \"timestamp\": \"2018-01-01T00:00:00Z\""));
        Exports.ingestProfiles(
                rest,
                dataSet,
                profile("a@x.com", "", "\"loyalty\": {\"tier\": \"bronze\"}, \"timestamp\": \"2019-01-01T00:00:00Z\""));
        String policy = rest.post("/data/core/ups/config/mergePolicies", """
                {"name": "CRM first", "schema": {"name": "_xdm.context.profile"},
                 "attributeMerge": {"type": "dataSetPrecedence", "order": ["%s", "%s"]}}""".formatted(crm, dataSet))
                .json()
                .get("id")
                .asText();

        JsonNode newest = Exports.awaitEnd(rest, Exports.create(rest, job("\"fields\": \"loyalty\"")));
        JsonNode crmFirst = Exports.awaitEnd(
                rest,
                Exports.create(rest, job("\"fields\": \"loyalty\", \"mergePolicy\": {\"id\": \"" + policy + "\"}")));

        assertThat(Exports.rows(rest, newest.at("/destination/batchId").asText())
                        .get(0)
                        .at("/loyalty/tier")
                        .asText())
                .isEqualTo("bronze");
        assertThat(Exports.rows(rest, crmFirst.at("/destination/batchId").asText())
                        .get(0)
                        .at("/loyalty/tier")
                        .asText())
                .isEqualTo("gold");
    }

    @Test
    void eventListAttachesTheEventsIngestedInsideTheWindowWithTheirFields() throws Exception {
        Exports.ingestProfiles(rest, dataSet, profile("a@x.com", "", ""));
        Exports.ingestEvents(rest, dataSet, event("e1"));
        clock.advance(Duration.ofSeconds(1));
        String from = clock.instant().toString();
        clock.advance(Duration.ofSeconds(1));
        Exports.ingestEvents(rest, dataSet, event("e2"));
        clock.advance(Duration.ofSeconds(1));
        String to = clock.instant().toString();
        clock.advance(Duration.ofSeconds(1));
        Exports.ingestEvents(rest, dataSet, event("e3"));

        JsonNode job = Exports.awaitEnd(
                rest,
                Exports.create(
                        rest,
                        job("\"additionalFields\": {\"eventList\": {\"fields\": \"_id,eventType\","
                                + " \"filter\": {\"fromIngestTimestamp\": \"" + from + "\", \"toIngestTimestamp\": \""
                                + to + "\"}}}")));

        JsonNode events = Exports.rows(rest, job.at("/destination/batchId").asText())
                .get(0)
                .get("eventList");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("_id").asText()).isEqualTo("e2");
        assertThat(events.get(0).get("eventType").asText()).isEqualTo("commerce.purchases");
        assertThat(events.get(0).has("commerce")).as("projected away").isFalse();
    }

    @Test
    void aProjectedEventKeepsItsIdAndTimestampLikeARowKeepsItsIdentities() throws Exception {
        Exports.ingestProfiles(rest, dataSet, profile("a@x.com", "", ""));
        Exports.ingestEvents(rest, dataSet, event("e1"));

        JsonNode job = Exports.awaitEnd(
                rest, Exports.create(rest, job("\"additionalFields\": {\"eventList\": {\"fields\": \"string\"}}")));

        JsonNode events = Exports.rows(rest, job.at("/destination/batchId").asText())
                .get(0)
                .get("eventList");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("_id", "timestamp");
        assertThat(events.get(0).get("_id").asText()).isEqualTo("e1");
    }

    private static String event(String id) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"a@x.com\", \"primary\": true}]}, \"_id\": \"" + id + "\","
                + " \"timestamp\": \"2018-01-05T00:00:00Z\", \"eventType\": \"commerce.purchases\", \"commerce\": {\"order\": 1}}";
    }

    @Test
    void noStagingFolderIsLeftAfterJobsEnd() throws Exception {
        Exports.ingestProfiles(rest, dataSet, profile("a@x.com", "", ""));

        Exports.awaitEnd(rest, Exports.create(rest, job("")));

        var staging = new io.segexport.server.store.DataLayout(server.dataDir()).staging();
        assertThat(!Files.exists(staging) || Files.list(staging).findAny().isEmpty())
                .isTrue();
    }
}
