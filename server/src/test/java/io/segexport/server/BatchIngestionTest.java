package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch ingestion at the platform's paths: batches, their files, processing, and what they write. */
class BatchIngestionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SharedServer server = new SharedServer(1);

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final BatchUploads batches = new BatchUploads(rest);
    private final String profiles = batches.dataSet(BatchUploads.PROFILE_SCHEMA, true);

    private static String line(String email, String extra) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"" + email + "\"}]}" + extra + "}";
    }

    private JsonNode entity(String email) {
        RestClient.Response response = rest.get(Ingest.ENTITIES + "?entityId=" + email + "&entityIdNS=email");
        return response.status() == 200 ? response.json().at("/" + email.replace("/", "~1") + "/entity") : null;
    }

    @Test
    void createAnswers201WithTheNewBatchLoadingAsThePlatformDoes() {
        RestClient.Response response = batches.create("""
                {"datasetId": "%s", "inputFormat": {"format": "json"}}""".formatted(profiles));

        assertThat(response.status()).isEqualTo(201);
        JsonNode batch = response.json();
        assertThat(batch.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(batch.get("status").asText()).isEqualTo("loading");
        assertThat(batch.get("imsOrg").asText()).isEqualTo(tenant.orgId());
        assertThat(batch.get("relatedObjects").toString())
                .isEqualTo("[{\"type\":\"dataSet\",\"id\":\"" + profiles + "\"}]");
        assertThat(batch.get("created").isIntegralNumber()).isTrue();
        assertThat(batch.get("updated").asLong()).isEqualTo(batch.get("created").asLong());
        assertThat(batch.get("version").asText()).isEqualTo("1.0.0");
        assertThat(batch.get("inputFormat").toString()).isEqualTo("{\"format\":\"json\",\"isMultiLineJson\":false}");
        assertThat(batch.get("errors").toString()).isEqualTo("[]");
    }

    @Test
    void aNewBatchIsVisibleInTheCatalog() {
        String id = batches.create(profiles, false);

        JsonNode batch = batches.batch(id);

        assertThat(batch.get("status").asText()).isEqualTo("loading");
        assertThat(batch.at("/relatedObjects/0/id").asText()).isEqualTo(profiles);
    }

    @Test
    void createForADataSetOfAnotherOrgIsRefusedNamingDatasetId() {
        String theirs = new BatchUploads(server.rest(Tenant.fresh())).dataSet(BatchUploads.PROFILE_SCHEMA, true);

        RestClient.Response response = batches.create("""
                {"datasetId": "%s", "inputFormat": {"format": "json"}}""".formatted(theirs));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("datasetId names no dataset");
    }

    @Test
    void aRefusedFormatIsQuotedAsItWasSentWhateverItsCharacters() {
        RestClient.Response response = batches.create("""
                {"datasetId": "%s", "inputFormat": {"format": "é 100%%25 %%"}}""".formatted(profiles));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("inputFormat.format must be \"json\", the only format read so far, not \"é 100%25 %\"");
    }

    @Test
    void aFormatOtherThanJsonIsRefusedNamingInputFormatFormat() {
        RestClient.Response response = batches.create("""
                {"datasetId": "%s", "inputFormat": {"format": "parquet"}}""".formatted(profiles));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("inputFormat.format must be \"json\", the only format read so far, not \"parquet\"");
    }

    @Test
    void aJsonLinesFileFeedsTheProfilesOfAProfileDataSet() {
        JsonNode batch = batches.ingest(
                profiles,
                false,
                "people.json",
                line("ann@example.com", ", \"person\": {\"name\": {\"firstName\": \"Ann\"}}") + "\n"
                        + line("bob@example.com", ", \"loyalty\": {\"points\": 12}") + "\n");

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/inputRecordCount").asLong()).isEqualTo(2);
        assertThat(batch.at("/metrics/outputRecordCount").asLong()).isEqualTo(2);
        assertThat(batch.at("/metrics/failedRecordCount").asLong()).isZero();
        assertThat(batch.at("/metrics/inputFileCount").asLong()).isEqualTo(1);
        assertThat(batch.get("completed").asLong())
                .isGreaterThanOrEqualTo(batch.get("started").asLong());
        assertThat(entity("ann@example.com").at("/person/name/firstName").asText())
                .isEqualTo("Ann");
        assertThat(entity("bob@example.com").at("/loyalty/points").asInt()).isEqualTo(12);
    }

    @Test
    void aJsonArrayIsReadEvenWithoutTheMultiLineFlagAsAeppSendsIt() {
        JsonNode batch = batches.ingest(
                profiles,
                false,
                "array.json",
                "[\n  " + line("a1@example.com", "") + ",\n  " + line("a2@example.com", "") + "\n]");

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/outputRecordCount").asLong()).isEqualTo(2);
        assertThat(entity("a2@example.com")).isNotNull();
    }

    @Test
    void multiLineJsonReadsObjectsThatSpanLines() {
        JsonNode batch = batches.ingest(
                profiles,
                true,
                "multi.json",
                "{\"identityMap\":\n {\"email\": [{\"id\": \"m1@example.com\"}]}\n}\n{\"identityMap\": {\"email\":\n [{\"id\": \"m2@example.com\"}]}}");

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/outputRecordCount").asLong()).isEqualTo(2);
        assertThat(entity("m1@example.com")).isNotNull();
    }

    @Test
    void badRecordsAreRejectedOneByOneWithTheirLineAndReasonInTheFailedRecordsView() throws Exception {
        JsonNode batch = batches.ingest(
                profiles,
                false,
                "mixed.json",
                line("good@example.com", "") + "\n{\"identityMap\": \n{\"person\": {}}\n" + line("late@example.com", "")
                        + "\n");

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/inputRecordCount").asLong()).isEqualTo(4);
        assertThat(batch.at("/metrics/failedRecordCount").asLong()).isEqualTo(2);
        assertThat(batch.at("/errors/0/code").asText()).isEqualTo("INVALID_RECORD");
        assertThat(batch.at("/errors/0/description").asText())
                .startsWith("mixed.json line 2: record is not valid JSON");
        assertThat(batch.at("/errors/1/description").asText()).startsWith("mixed.json line 3: record.identityMap");
        String id = batch.get("id").asText();
        JsonNode failed =
                rest.get("/data/foundation/export/batches/" + id + "/failed").json();
        assertThat(failed.at("/data/0/name").asText()).isEqualTo("failed-00000.json");
        String content =
                rest.get(failed.at("/data/0/_links/self/href").asText()).body();
        List<JsonNode> lines = new ArrayList<>();
        for (String text : content.split("\n")) {
            lines.add(JSON.readTree(text));
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).at("/_errors/0/line").asLong()).isEqualTo(2);
        assertThat(lines.get(0).at("/_errors/0/file").asText()).isEqualTo("mixed.json");
        assertThat(lines.get(0).get("_corruptRecord").asText()).isEqualTo("{\"identityMap\": ");
        assertThat(lines.get(1).at("/_errors/0/line").asLong()).isEqualTo(3);
        assertThat(lines.get(1).get("person").toString()).isEqualTo("{}");
        assertThat(entity("good@example.com")).isNotNull();
        assertThat(entity("late@example.com")).isNotNull();
    }

    @Test
    void aBatchWithoutAGoodRecordFailsAsAWhole() {
        JsonNode batch = batches.ingest(profiles, false, "bad.json", "{\"person\": {}}\nnot json\n");

        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.at("/metrics/failedRecordCount").asLong()).isEqualTo(2);
        assertThat(batch.at("/metrics/recordCount").asLong()).isZero();
        assertThat(batch.get("errors").findValuesAsText("code")).contains("NO_GOOD_RECORDS");
        String id = batch.get("id").asText();
        assertThat(rest.get("/data/foundation/export/batches/" + id + "/failed")
                        .json()
                        .at("/data/0/name")
                        .asText())
                .isEqualTo("failed-00000.json");
        assertThat(rest.get("/data/foundation/export/files/" + id).status()).isEqualTo(404);
    }

    @Test
    void moreBadRecordsThanThePartialIngestionPercentageAllowsFailTheBatchWritingNothing() {
        String batchId = batches.createAllowingBad(profiles, 10);
        batches.upload(
                batchId,
                profiles,
                "some-bad.json",
                line("kept@example.com", "") + "\n{\"person\": {}}\n" + line("kept2@example.com", "") + "\n");

        JsonNode batch = batches.completeAndAwait(batchId);

        assertThat(batch.get("status").asText()).isEqualTo("failed");
        assertThat(batch.get("partialIngestionPercentage").asInt()).isEqualTo(10);
        assertThat(batch.get("errors").findValuesAsText("code")).contains("TOO_MANY_BAD_RECORDS");
        assertThat(entity("kept@example.com")).isNull();
    }

    @Test
    void aDataSetNotEnabledForProfileKeepsItsBatchAsFilesOnly() {
        String plain = batches.dataSet(BatchUploads.PROFILE_SCHEMA, false);

        JsonNode batch = batches.ingest(plain, false, "plain.json", line("plain@example.com", ", \"a\": 1") + "\n");

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(entity("plain@example.com")).isNull();
        String id = batch.get("id").asText();
        JsonNode files = rest.get("/data/foundation/export/files/" + id).json();
        assertThat(files.at("/data/0/name").asText()).isEqualTo("part-00000.json");
        assertThat(rest.get("/data/foundation/export/files/" + id + "?path=part-00000.json")
                        .body())
                .isEqualTo("{\"identityMap\":{\"email\":[{\"id\":\"plain@example.com\"}]},\"a\":1}\n");
    }

    @Test
    void anExperienceEventDataSetStoresEventsNotProfileAttributes() {
        String events = batches.dataSet(BatchUploads.EVENT_SCHEMA, true);

        JsonNode batch = batches.ingest(
                events,
                false,
                "events.json",
                line("ev@example.com", ", \"timestamp\": \"2024-01-01T00:00:00Z\", \"web\": {\"page\": \"home\"}")
                        + "\n" + line("noTime@example.com", "") + "\n");

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/failedRecordCount").asLong()).isEqualTo(1);
        assertThat(batch.at("/errors/0/description").asText()).contains("record.timestamp is required");
        JsonNode entity = entity("ev@example.com");
        assertThat(entity).isNotNull();
        assertThat(entity.has("web")).isFalse();
    }

    @Test
    void aLargeFileArrivesInPartsInAnyOrder() {
        String batchId = batches.create(profiles, false);
        byte[] content = (line("big1@example.com", "") + "\n" + line("big2@example.com", "") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        int half = content.length / 2;
        byte[] first = java.util.Arrays.copyOfRange(content, 0, half);
        byte[] second = java.util.Arrays.copyOfRange(content, half, content.length);

        assertThat(batches.fileAction(batchId, profiles, "big.json", "INITIALIZE")
                        .status())
                .isEqualTo(200);
        assertThat(batches.part(
                                batchId,
                                profiles,
                                "big.json",
                                second,
                                "bytes " + half + "-" + (content.length - 1) + "/" + content.length)
                        .status())
                .isEqualTo(200);
        assertThat(batches.part(batchId, profiles, "big.json", first, "bytes 0-" + (half - 1) + "/" + content.length)
                        .status())
                .isEqualTo(200);
        assertThat(batches.fileAction(batchId, profiles, "big.json", "COMPLETE").status())
                .isEqualTo(200);
        JsonNode batch = batches.completeAndAwait(batchId);

        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(batch.at("/metrics/outputRecordCount").asLong()).isEqualTo(2);
        assertThat(batch.at("/metrics/inputByteSize").asLong()).isEqualTo(content.length);
    }

    @Test
    void anUploadAndAPartAnswerAnEmptyJsonObjectAsAeppParsesThem() {
        String batchId = batches.create(profiles, false);
        RestClient.Response whole = batches.upload(batchId, profiles, "whole.json", line("w@example.com", ""));
        batches.fileAction(batchId, profiles, "parts.json", "INITIALIZE");

        RestClient.Response part =
                batches.part(batchId, profiles, "parts.json", "{}".getBytes(StandardCharsets.UTF_8), "bytes 0-1/2");

        for (RestClient.Response response : List.of(whole, part)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{}");
            assertThat(response.header("content-type")).startsWith("application/json");
        }
    }

    @Test
    void completingALargeFileWithMissingBytesIsRefusedNamingThem() {
        String batchId = batches.create(profiles, false);
        batches.fileAction(batchId, profiles, "gap.json", "INITIALIZE");
        batches.part(batchId, profiles, "gap.json", new byte[10], "bytes 0-9/30");

        RestClient.Response response = batches.fileAction(batchId, profiles, "gap.json", "COMPLETE");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("is missing bytes 10-29 of 30");
    }

    @Test
    void aPartWithoutContentRangeIsRefusedNamingIt() {
        String batchId = batches.create(profiles, false);
        batches.fileAction(batchId, profiles, "p.json", "INITIALIZE");

        RestClient.Response response = batches.part(batchId, profiles, "p.json", new byte[4], "4 bytes");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("Content-Range must be bytes first-last/total");
    }

    @Test
    void aPartDeclaringA10GbFileIsRefusedWith413NamingContentRange() {
        String batchId = batches.create(profiles, false);
        batches.fileAction(batchId, profiles, "huge.json", "INITIALIZE");

        RestClient.Response response =
                batches.part(batchId, profiles, "huge.json", new byte[4], "bytes 0-3/10737418240");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asText())
                .startsWith("Content-Range declares a file of 10737418240 bytes");
    }

    @Test
    void aPartOfAFileNotInitializedIsRefused() {
        String batchId = batches.create(profiles, false);

        RestClient.Response response = batches.part(batchId, profiles, "x.json", new byte[4], "bytes 0-3/4");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("was not initialized");
    }

    @Test
    void aFileNameThatCouldLeaveTheBatchIsRefusedNamingFileName() {
        String batchId = batches.create(profiles, false);

        RestClient.Response response = batches.upload(batchId, profiles, ".hidden", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("fileName must be 1 to 128 letters");
    }

    @Test
    void aFileForAnotherDataSetThanTheBatchsIsRefusedNamingDatasetId() {
        String batchId = batches.create(profiles, false);

        RestClient.Response response = batches.upload(batchId, rest.createDataSet(), "a.json", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("datasetId must be the dataset of batch");
    }

    @Test
    void noFileIsTakenAfterComplete() {
        String batchId = batches.create(profiles, false);
        batches.upload(batchId, profiles, "a.json", line("once@example.com", ""));
        batches.completeAndAwait(batchId);

        RestClient.Response response = batches.upload(batchId, profiles, "b.json", line("twice@example.com", ""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("no longer loading");
    }

    @Test
    void abortDropsALoadingBatchAndItsFiles() {
        String batchId = batches.create(profiles, false);
        batches.upload(batchId, profiles, "a.json", line("aborted@example.com", ""));

        assertThat(batches.action(batchId, "ABORT").status()).isEqualTo(200);

        assertThat(batches.batch(batchId).get("status").asText()).isEqualTo("aborted");
        assertThat(batches.action(batchId, "COMPLETE").status()).isEqualTo(400);
        assertThat(entity("aborted@example.com")).isNull();
    }

    @Test
    void anUnknownActionIsRefusedNamingAction() {
        String batchId = batches.create(profiles, false);

        RestClient.Response response = batches.action(batchId, "FINISH");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("action must be COMPLETE, ABORT or REVERT, not \"FINISH\"");
    }

    @Test
    void revertRemovesTheFilesOfAPlainDataSetsBatch() {
        String plain = batches.dataSet(BatchUploads.PROFILE_SCHEMA, false);
        String id = batches.ingest(plain, false, "r.json", line("r@example.com", ""))
                .get("id")
                .asText();

        assertThat(batches.action(id, "REVERT").status()).isEqualTo(200);

        assertThat(batches.batch(id).get("status").asText()).isEqualTo("inactive");
        assertThat(rest.get("/data/foundation/export/files/" + id).status()).isEqualTo(404);
    }

    @Test
    void revertRemovesAnEventBatchsEventsSoSegmentsNoLongerSeeThem() throws InterruptedException {
        String events = batches.dataSet(BatchUploads.EVENT_SCHEMA, true);
        batches.ingest(profiles, false, "people.json", line("buyer@example.com", "") + "\n");
        String eventBatch = batches.ingest(
                        events,
                        false,
                        "events.json",
                        line(
                                "buyer@example.com",
                                ", \"timestamp\": \"2024-01-01T00:00:00Z\", \"eventType\": \"reverted\""))
                .get("id")
                .asText();
        String segment = rest.post(
                        SegmentDefinitionTest.DEFINITIONS,
                        SegmentDefinitionTest.definition("buyers", "xEvent.any(eventType = \"reverted\")"))
                .json()
                .get("id")
                .asText();
        assertThat(buyerStatus(segment)).isEqualTo("realized");

        assertThat(batches.action(eventBatch, "REVERT").status()).isEqualTo(200);

        assertThat(batches.awaitStatus(eventBatch, status -> status.equals("inactive"))
                        .get("status")
                        .asText())
                .isEqualTo("inactive");
        assertThat(rest.get("/data/foundation/export/files/" + eventBatch).status())
                .isEqualTo(404);
        assertThat(buyerStatus(segment)).isEqualTo("exited");
    }

    /** Evaluates the segment in an export job of the profile dataset; buyer@example.com's status in it. */
    private String buyerStatus(String segment) throws InterruptedException {
        JsonNode job = Exports.awaitEnd(
                rest,
                Exports.create(
                        rest,
                        Requests.segmentsJob(profiles, true, List.of("realized", "existing", "exited"), segment)));
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        List<JsonNode> rows = Exports.rows(rest, job.at("/destination/batchId").asText());
        assertThat(rows).hasSize(1);
        return rows.get(0).at("/segmentMembership/ups/" + segment + "/status").asText();
    }

    @Test
    void revertOfAProfileRecordBatchIsRefusedSayingWhy() {
        String id = batches.ingest(profiles, false, "p.json", line("kept@example.com", ", \"a\": 1"))
                .get("id")
                .asText();

        RestClient.Response response = batches.action(id, "REVERT");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .contains("wrote profile records")
                .contains("ingest corrected records instead");
        assertThat(batches.batch(id).get("status").asText()).isEqualTo("success");
        assertThat(entity("kept@example.com").at("/a").asInt()).isEqualTo(1);
    }

    @Test
    void revertOfABatchStillLoadingIsRefused() {
        String batchId = batches.create(profiles, false);

        RestClient.Response response = batches.action(batchId, "REVERT");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("only a processed batch");
    }

    @Test
    void ingestingTheSameBatchTwiceGivesTheSameProfiles() {
        String content = line("same@example.com", ", \"loyalty\": {\"points\": 3}") + "\n";
        batches.ingest(profiles, false, "same.json", content);
        JsonNode once = entity("same@example.com");

        batches.ingest(profiles, false, "same.json", content);

        assertThat(entity("same@example.com")).isEqualTo(once);
    }

    @Test
    void anotherOrgsBatchIsNotFound() {
        String batchId = batches.create(profiles, false);
        RestClient other = server.rest(Tenant.fresh());

        assertThat(other.get(BatchUploads.CATALOG_BATCHES + batchId).status()).isEqualTo(404);
        assertThat(new BatchUploads(other).action(batchId, "COMPLETE").status()).isEqualTo(404);
        assertThat(new BatchUploads(other)
                        .upload(batchId, profiles, "a.json", "{}")
                        .status())
                .isEqualTo(404);
    }
}
