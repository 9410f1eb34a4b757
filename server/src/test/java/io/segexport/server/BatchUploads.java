package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** One tenant's steps of batch ingestion over REST, as the platform's guide takes them, for tests. */
final class BatchUploads {
    static final String BATCHES = "/data/foundation/import/batches";
    static final String CATALOG_BATCHES = "/data/foundation/catalog/batches/";
    static final String PROFILE_SCHEMA = "https://ns.adobe.com/xdm/context/profile";
    static final String EVENT_SCHEMA = "https://ns.adobe.com/xdm/context/experienceevent";

    private final RestClient rest;

    BatchUploads(RestClient rest) {
        this.rest = rest;
    }

    /** A dataset of the schema, enabled for Profile or not; its id. */
    String dataSet(String schemaId, boolean profileEnabled) {
        RestClient.Response response = rest.post("/data/foundation/catalog/dataSets", """
                {"name": "ingested", "schemaRef": {"id": "%s", "contentType": "application/vnd.adobe.xed+json;version=1"},
                 "tags": {%s}}""".formatted(
                        schemaId, profileEnabled ? "\"unifiedProfile\": [\"enabled:true\"]" : ""));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get(0).asText().substring("@/dataSets/".length());
    }

    RestClient.Response create(String body) {
        return rest.post(BATCHES, body);
    }

    /** A new JSON batch of the dataset; its id. */
    String create(String datasetId, boolean multiLine) {
        RestClient.Response response = create("""
                {"datasetId": "%s", "inputFormat": {"format": "json", "isMultiLineJson": %s}}""".formatted(datasetId, multiLine));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    /** A new JSON Lines batch that fails as a whole when more than {@code percent} % of its records are bad. */
    String createAllowingBad(String datasetId, int percent) {
        RestClient.Response response = create("""
                {"datasetId": "%s", "inputFormat": {"format": "json"}, "partialIngestionPercentage": %d}""".formatted(datasetId, percent));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    RestClient.Response upload(String batchId, String datasetId, String fileName, String content) {
        return upload(batchId, datasetId, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    RestClient.Response upload(String batchId, String datasetId, String fileName, byte[] content) {
        return rest.sendBytes("PUT", file(batchId, datasetId, fileName), "application/octet-stream", content);
    }

    RestClient.Response part(String batchId, String datasetId, String fileName, byte[] content, String contentRange) {
        return rest.sendBytes(
                "PATCH",
                file(batchId, datasetId, fileName),
                "application/octet-stream",
                content,
                "Content-Range",
                contentRange);
    }

    RestClient.Response fileAction(String batchId, String datasetId, String fileName, String action) {
        return rest.post(file(batchId, datasetId, fileName) + "?action=" + action, null);
    }

    RestClient.Response action(String batchId, String action) {
        return rest.post(BATCHES + "/" + batchId + "?action=" + action, null);
    }

    /** JSON Lines of profiles whose only identity is each email, as a batch file holds them. */
    static byte[] profileLines(List<String> emails) {
        StringBuilder lines = new StringBuilder();
        emails.forEach(email -> lines.append(Exports.profile(email, "", "")).append('\n'));
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String file(String batchId, String datasetId, String fileName) {
        return BATCHES + "/" + batchId + "/datasets/" + datasetId + "/files/" + fileName;
    }

    JsonNode batch(String batchId) {
        RestClient.Response response = rest.get(CATALOG_BATCHES + batchId);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get(batchId);
    }

    /** Completes the batch and waits for its processing to end; the batch as the catalog then has it. */
    JsonNode completeAndAwait(String batchId) {
        RestClient.Response completed = action(batchId, "COMPLETE");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        return await(batchId);
    }

    JsonNode await(String batchId) {
        return awaitStatus(batchId, status -> !status.equals("processing") && !status.equals("loading"));
    }

    /** Waits until the batch's status is one {@code wanted} accepts; the batch then. */
    JsonNode awaitStatus(String batchId, Predicate<String> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode batch = batch(batchId);
            String status = batch.get("status").asText();
            if (wanted.test(status)) {
                return batch;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("batch " + batchId + " still " + status + " after 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Creates, fills with one file and completes a batch; the batch once processed. */
    JsonNode ingest(String datasetId, boolean multiLine, String fileName, String content) {
        String batchId = create(datasetId, multiLine);
        RestClient.Response uploaded = upload(batchId, datasetId, fileName, content);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        return completeAndAwait(batchId);
    }
}
