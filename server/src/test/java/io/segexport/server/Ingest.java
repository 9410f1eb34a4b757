package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.json.ProtoJsonReader;
import io.segexport.v1.IngestRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Paths and bodies of the profile API, records written as single-quoted JSON for readability. */
final class Ingest {
    static final String PROFILES = "/data/core/ups/ingest/profiles";
    static final String EVENTS = "/data/core/ups/ingest/events";
    static final String ENTITIES = "/data/core/ups/access/entities";

    private Ingest() {}

    /** An ingest body: the dataset, then the records, each a single-quoted JSON object. */
    static String body(String datasetId, String... records) {
        return jsonBody(datasetId, json(String.join(", ", records)));
    }

    /** An ingest body of records already in JSON, joined. */
    static String jsonBody(String datasetId, String records) {
        return "{\"datasetId\": \"" + datasetId + "\", \"records\": [" + records + "]}";
    }

    /** The same as a gRPC request. */
    static IngestRequest request(String datasetId, String... records) {
        try {
            return ProtoJsonReader.read(
                    new ByteArrayInputStream(body(datasetId, records).getBytes(StandardCharsets.UTF_8)),
                    IngestRequest.getDefaultInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode jsonTree(String singleQuoted) {
        try {
            return new ObjectMapper().readTree(json(singleQuoted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record with one identity in a namespace, plus the given members (single-quoted). */
    static String record(String namespace, String id, String... members) {
        StringBuilder record = new StringBuilder("{'identityMap': {'" + namespace + "': [{'id': '" + id + "'}]}");
        for (String member : members) {
            record.append(", ").append(member);
        }
        return record.append("}").toString();
    }

    /** A streamed message (Data Collection) of the record {@code entity} (JSON) to the dataset, as the org. */
    static String message(String datasetId, String schema, String org, String entity) {
        return """
                {"header": {"schemaRef": {"id": "%s", "contentType": "application/vnd.adobe.xed-full+json;version=1"},
                            "imsOrgId": "%s", "datasetId": "%s", "createdAt": "1526283801869",
                            "source": {"name": "web"}},
                 "body": {"xdmMeta": {"schemaRef": {"id": "%s"}}, "xdmEntity": %s}}""".formatted(schema, org, datasetId, schema, entity);
    }

    static String lookup(String namespace, String id) {
        return ENTITIES + "?entityId=" + id + "&entityIdNS=" + namespace;
    }

    /**
     * The profile found by that identity, once the topology has merged it: a lookup sees a record
     * moments after its acknowledgement, not at once.
     */
    static JsonNode awaitEntity(RestClient rest, String namespace, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            RestClient.Response lookup = rest.get(lookup(namespace, id));
            if (lookup.status() == 200) {
                return lookup.json().get(id);
            }
            assertThat(lookup.status()).as("%s", lookup).isEqualTo(404);
            assertThat(System.nanoTime())
                    .as("%s:%s not found within 30 s", namespace, id)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
