package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streaming ingestion at the platform's Data Collection paths. */
class CollectionTest {
    private static final String CONNECTION = "9f1c2d3e4b5a69788766554433221100";

    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final BatchUploads batches = new BatchUploads(rest);
    private final String profiles = batches.dataSet(BatchUploads.PROFILE_SCHEMA, true);

    private String profileMessage(String email, String extra) {
        return Ingest.message(
                profiles,
                BatchUploads.PROFILE_SCHEMA,
                tenant.orgId(),
                "{\"identityMap\": {\"email\": [{\"id\": \"" + email + "\"}]}" + extra + "}");
    }

    private JsonNode entity(String email) {
        RestClient.Response response = rest.get(Ingest.ENTITIES + "?entityId=" + email + "&entityIdNS=email");
        return response.status() == 200 ? response.json().at("/" + email + "/entity") : null;
    }

    @Test
    void aMessageIsInItsProfileBeforeTheAnswer() {
        RestClient.Response response = rest.post(
                "/collection/" + CONNECTION + "?syncValidation=true",
                profileMessage("jane@example.com", ", \"person\": {\"name\": {\"firstName\": \"Jane\"}}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("inletId").asText()).isEqualTo(CONNECTION);
        assertThat(response.json().get("xactionId").asText()).matches("[0-9]+:[0-9]+:0");
        assertThat(response.json().get("receivedTimeMs").isIntegralNumber()).isTrue();
        assertThat(entity("jane@example.com").at("/person/name/firstName").asText())
                .isEqualTo("Jane");
    }

    @Test
    void syncValidationIsReadInAnyCaseAsAeppSendsPythonsFalse() {
        RestClient.Response response =
                rest.post("/collection/" + CONNECTION + "?syncValidation=False", profileMessage("py@example.com", ""));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(entity("py@example.com")).isNotNull();
    }

    @Test
    void aSyncValidationThatIsNoBooleanIsRefusedNamingIt() {
        RestClient.Response response =
                rest.post("/collection/" + CONNECTION + "?syncValidation=yes", profileMessage("yes@example.com", ""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("query parameter syncValidation must be true or false, not \"yes\"");
    }

    @Test
    void aMessageForAnotherOrgIsRefusedNamingHeaderImsOrgId() {
        RestClient.Response response = rest.post(
                "/collection/" + CONNECTION,
                Ingest.message(
                        profiles,
                        BatchUploads.PROFILE_SCHEMA,
                        "OTHER@AdobeOrg",
                        "{\"identityMap\": {\"email\": [{\"id\": \"x@example.com\"}]}}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("header.imsOrgId must be the caller's org (x-gw-ims-org-id), not \"OTHER@AdobeOrg\"");
        assertThat(entity("x@example.com")).isNull();
    }

    @Test
    void aMessageForAnotherOrgsDataSetIsRefusedNamingHeaderDatasetId() {
        String theirs = new BatchUploads(server.rest(Tenant.fresh())).dataSet(BatchUploads.PROFILE_SCHEMA, true);

        RestClient.Response response = rest.post(
                "/collection/" + CONNECTION,
                Ingest.message(
                        theirs,
                        BatchUploads.PROFILE_SCHEMA,
                        tenant.orgId(),
                        "{\"identityMap\": {\"email\": [{\"id\": \"y@example.com\"}]}}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("header.datasetId names no dataset");
    }

    @Test
    void aMessageOfAnotherSchemaThanItsDataSetsIsRefusedNamingHeaderSchemaRefId() {
        RestClient.Response response = rest.post(
                "/collection/" + CONNECTION,
                Ingest.message(
                        profiles,
                        BatchUploads.EVENT_SCHEMA,
                        tenant.orgId(),
                        "{\"identityMap\": {\"email\": [{\"id\": \"z@example.com\"}]}}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .startsWith("header.schemaRef.id must be the schema of dataset");
    }

    @Test
    void aRecordWithoutIdentitiesIsRefusedNamingTheField() {
        RestClient.Response response = rest.post(
                "/collection/" + CONNECTION + "?syncValidation=true",
                Ingest.message(profiles, BatchUploads.PROFILE_SCHEMA, tenant.orgId(), "{\"person\": {}}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("body.xdmEntity.identityMap is required");
    }

    @Test
    void aBodyWithoutAnEnvelopeIsRefusedNamingHeader() {
        RestClient.Response response = rest.post("/collection/" + CONNECTION, "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("header is required");
    }

    @Test
    void fortyMessagesAtOnceEachGetTheirStatusWith207() {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 39; i++) {
            messages.add(profileMessage("m" + i + "@example.com", ""));
        }
        messages.add(Ingest.message(profiles, BatchUploads.PROFILE_SCHEMA, tenant.orgId(), "{\"person\": {}}"));

        RestClient.Response response =
                rest.post("/collection/batch/" + CONNECTION, "{\"messages\": [" + String.join(",", messages) + "]}");

        assertThat(response.status()).as(response.toString()).isEqualTo(207);
        JsonNode responses = response.json().get("responses");
        assertThat(responses).hasSize(40);
        assertThat(responses.get(0).has("status")).isFalse();
        assertThat(responses.get(39).get("status").asInt()).isEqualTo(400);
        assertThat(responses.get(39).get("message").asText())
                .startsWith("messages[39].body.xdmEntity.identityMap is required");
        assertThat(entity("m0@example.com")).isNotNull();
        assertThat(entity("m38@example.com")).isNotNull();
    }

    @Test
    void messagesToADataSetNotEnabledForProfileBecomeOneOfItsBatches() {
        String plain = batches.dataSet(BatchUploads.PROFILE_SCHEMA, false);
        String entity = "{\"identityMap\": {\"email\": [{\"id\": \"p@example.com\"}]}}";

        RestClient.Response response = rest.post(
                "/collection/batch/" + CONNECTION,
                "{\"messages\": [" + Ingest.message(plain, BatchUploads.PROFILE_SCHEMA, tenant.orgId(), entity) + "]}");

        assertThat(response.status()).isEqualTo(207);
        String batchId = response.json().get("batchId").asText();
        JsonNode batch = batches.await(batchId);
        assertThat(batch.get("status").asText()).isEqualTo("success");
        assertThat(entity("p@example.com")).isNull();
        assertThat(rest.get("/data/foundation/export/files/" + batchId + "?path=part-00000.json")
                        .body())
                .isEqualTo("{\"identityMap\":{\"email\":[{\"id\":\"p@example.com\"}]}}\n");
    }

    @Test
    void anEventMessageIsStoredAsAnEvent() {
        String events = batches.dataSet(BatchUploads.EVENT_SCHEMA, true);

        RestClient.Response response = rest.post(
                "/collection/" + CONNECTION,
                Ingest.message(
                        events,
                        BatchUploads.EVENT_SCHEMA,
                        tenant.orgId(),
                        "{\"identityMap\": {\"email\": [{\"id\": \"e@example.com\"}]}, \"timestamp\": \"2024-05-01T00:00:00Z\", \"web\": {\"page\": \"x\"}}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode entity = entity("e@example.com");
        assertThat(entity).isNotNull();
        assertThat(entity.has("web")).isFalse();
    }

    @Test
    void aMessageWithoutATokenIsRefusedAsEveryOtherPath() {
        RestClient.Response response = rest.withHeader("Authorization", null)
                .post("/collection/" + CONNECTION, profileMessage("anon@example.com", ""));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("error_code").asText()).isEqualTo("403010");
        assertThat(entity("anon@example.com")).isNull();
    }
}
