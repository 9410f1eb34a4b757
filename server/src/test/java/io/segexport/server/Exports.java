package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Running export jobs in tests: ingest, create, wait for the end, read the rows back. */
final class Exports {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String JOBS = "/data/core/ups/export/jobs";

    private Exports() {}

    /** Ingests profile records (JSON) into the dataset; fails unless all are accepted. */
    static void ingestProfiles(RestClient rest, String dataSet, String... records) {
        ingest(rest, Ingest.PROFILES, dataSet, records);
    }

    /** Ingests ExperienceEvent records (JSON); fails unless all are accepted. */
    static void ingestEvents(RestClient rest, String dataSet, String... records) {
        ingest(rest, Ingest.EVENTS, dataSet, records);
    }

    private static void ingest(RestClient rest, String path, String dataSet, String... records) {
        RestClient.Response response = rest.post(path, Ingest.jsonBody(dataSet, String.join(",", records)));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).as("%s", response).isEqualTo(records.length);
    }

    /** Creates a job from its JSON body; returns its id. */
    static long create(RestClient rest, String body) {
        RestClient.Response response = rest.post(JOBS, body);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().get("id").asLong();
    }

    /** Waits (at most a minute) until the job has ended; returns it as it ended. */
    static JsonNode awaitEnd(RestClient rest, long id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode job = rest.get(JOBS + "/" + id).json();
            String status = job.get("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not end within a minute");
    }

    /**
     * The rows of a committed batch, read back as a client does, through the Data Access paths: the
     * batch's dataset files, their parts, each part downloaded.
     */
    static List<JsonNode> rows(RestClient rest, String batchId) {
        List<JsonNode> rows = new ArrayList<>();
        JsonNode files = rest.get("/data/foundation/export/batches/" + batchId + "/files")
                .json();
        assertThat(files.at("/_page/count").asInt()).as("%s", files).isPositive();
        for (JsonNode file : files.path("data")) {
            String fileId = file.get("dataSetFileId").asText();
            for (JsonNode part :
                    rest.get("/data/foundation/export/files/" + fileId).json().path("data")) {
                RestClient.BinaryResponse download = rest.getBytes("/data/foundation/export/files/" + fileId + "?path="
                        + part.get("name").asText());
                assertThat(download.status()).isEqualTo(200);
                for (String line : new String(download.body(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        rows.add(parse(line));
                    }
                }
            }
        }
        return rows;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A profile record with a primary email identity, memberships and attributes. */
    static String profile(String email, String memberships, String attributes) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"" + email + "\", \"primary\": true}]},"
                + " \"personalEmail\": {\"address\": \"" + email + "\"}"
                + (memberships.isEmpty() ? "" : ", \"segmentMembership\": " + memberships)
                + (attributes.isEmpty() ? "" : ", " + attributes) + "}";
    }

    /** A profile record with a primary email identity and {@code loyalty.points}. */
    static String withPoints(String email, int points) {
        return profile(email, "", "\"loyalty\": {\"points\": " + points + "}");
    }

    /** A segmentMembership of one segment. */
    static String membership(String ns, String segment, String status, String qualified) {
        return "{\"" + ns + "\": {\"" + segment + "\": {\"status\": \"" + status + "\", \"lastQualificationTime\": \""
                + qualified + "\"}}}";
    }
}
