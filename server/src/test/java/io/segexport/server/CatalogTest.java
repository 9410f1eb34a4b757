package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.v1.DataSet;
import io.segexport.v1.GetDataSetRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Datasets and batches at the platform's Catalog paths. */
class CatalogTest {
    private static final String DATA_SETS = "/data/foundation/catalog/dataSets";
    private static final String PROFILE_DATASET = """
            {"name": "Profiles", "description": "exported members",
             "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile", "contentType": "application/vnd.adobe.xed+json;version=1"}}""";

    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);

    @Test
    void createAnswersAReferenceToTheNewDataSet() {
        RestClient.Response response = rest.post(DATA_SETS, PROFILE_DATASET);

        assertThat(response.status()).isEqualTo(200);
        JsonNode refs = response.json();
        assertThat(refs.isArray()).isTrue();
        assertThat(refs).hasSize(1);
        assertThat(refs.get(0).asText()).matches("@/dataSets/[0-9a-f]{24}");
    }

    @Test
    void getAnswersTheDataSetKeyedByItsId() {
        String id = rest.post(DATA_SETS, PROFILE_DATASET).json().get(0).asText().substring("@/dataSets/".length());

        RestClient.Response response = rest.get(DATA_SETS + "/" + id);

        assertThat(response.status()).isEqualTo(200);
        JsonNode dataSet = response.json().get(id);
        assertThat(dataSet.get("name").asText()).isEqualTo("Profiles");
        assertThat(dataSet.get("description").asText()).isEqualTo("exported members");
        assertThat(dataSet.at("/schemaRef/id").asText()).isEqualTo("https://ns.adobe.com/xdm/context/profile");
        assertThat(dataSet.at("/schemaRef/contentType").asText()).isEqualTo("application/vnd.adobe.xed+json;version=1");
        assertThat(dataSet.get("imsOrg").asText()).isEqualTo(tenant.orgId());
        assertThat(dataSet.get("created").isIntegralNumber()).isTrue();
        assertThat(dataSet.get("updated").isIntegralNumber()).isTrue();
    }

    @Test
    void aDataSetOfProfilesIsClassifiedAsRecords() {
        String id = rest.post(DATA_SETS, PROFILE_DATASET).json().get(0).asText().substring("@/dataSets/".length());

        JsonNode dataSet = rest.get(DATA_SETS + "/" + id).json().get(id);

        assertThat(dataSet.get("classification")).isEqualTo(Ingest.jsonTree("{'dataBehavior': 'record'}"));
    }

    @Test
    void aDataSetOfExperienceEventsIsClassifiedAsTimeSeriesWhateverTheCreateSaid() {
        String id = rest.post(DATA_SETS, """
                        {"name": "Events", "classification": {"dataBehavior": "record"},
                         "schemaRef": {"id": "https://ns.adobe.com/xdm/context/experienceevent",
                                       "contentType": "application/vnd.adobe.xed+json;version=1"}}""").json().get(0).asText().substring("@/dataSets/".length());

        JsonNode listed = rest.get(DATA_SETS).json().get(id);

        assertThat(listed.at("/classification/dataBehavior").asText()).isEqualTo("time-series");
    }

    @Test
    void listAnswersTheTenantsDataSetsKeyedByIdInPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(rest.createDataSet());
        }
        ids.sort(null);

        JsonNode first = rest.get(DATA_SETS + "?limit=3").json();
        List<String> firstIds = new ArrayList<>();
        first.fieldNames().forEachRemaining(firstIds::add);
        JsonNode second =
                rest.get(DATA_SETS + "?limit=3&start=" + firstIds.get(2)).json();
        List<String> secondIds = new ArrayList<>();
        second.fieldNames().forEachRemaining(secondIds::add);

        assertThat(firstIds).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(secondIds).containsExactlyElementsOf(ids.subList(3, 5));
    }

    @Test
    void listOfATenantWithoutDataSetsIsAnEmptyObject() {
        RestClient.Response response = rest.get(DATA_SETS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void anotherOrgsDataSetIsNotFound() {
        String id = rest.createDataSet();

        RestClient.Response response = server.rest(Tenant.fresh()).get(DATA_SETS + "/" + id);

        assertThat(response.status()).isEqualTo(404);
        assertThat(server.rest(tenant.inSandbox("dev"))
                        .get(DATA_SETS + "/" + id)
                        .status())
                .isEqualTo(404);
        assertThat(server.rest(Tenant.fresh()).get(DATA_SETS).body()).isEqualTo("{}");
    }

    @Test
    void createWithoutANameIsRefusedNamingIt() {
        RestClient.Response response = rest.post(DATA_SETS, """
                {"schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile"}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("name is required");
        assertThat(rest.get(DATA_SETS).body()).isEqualTo("{}");
    }

    @Test
    void createWithoutASchemaIsRefusedNamingIt() {
        RestClient.Response response = rest.post(DATA_SETS, "{\"name\": \"x\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("schemaRef.id is required");
    }

    @Test
    void aPathLikeDataSetIdIsRefused() {
        for (String id : List.of("a.b", "..", "%2e%2e", "a%2Fb", "a%00b")) {
            RestClient.Response response = rest.get(DATA_SETS + "/" + id);

            assertThat(response.status()).as(id).isIn(400, 404);
            assertThat(response.header("content-type")).as(id).isEqualTo("application/problem+json");
        }
        assertThat(rest.get(DATA_SETS + "/a.b").json().get("detail").asText()).startsWith("id must be");
    }

    @Test
    void aDataSetWithoutTagsAnswersAnEmptyTagsObject() {
        String id = rest.createDataSet();

        assertThat(rest.get(DATA_SETS + "/" + id).json().get(id).get("tags").toString())
                .isEqualTo("{}");
    }

    @Test
    void createKeepsTheTagsAsAeppSendsThemForAProfileDataSet() {
        String id = created(rest.post(DATA_SETS, """
                {"name": "Loyalty", "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile"},
                 "fileDescription": {"persisted": true, "containerFormat": "parquet", "format": "parquet"},
                 "tags": {"unifiedProfile": ["enabled:true"], "team": ["crm", "emea"]}}"""));

        JsonNode tags = rest.get(DATA_SETS + "/" + id).json().get(id).get("tags");

        assertThat(tags.toString()).isEqualTo("{\"unifiedProfile\":[\"enabled:true\"],\"team\":[\"crm\",\"emea\"]}");
    }

    @Test
    void createWithATagThatIsNoListOfStringsIsRefusedNamingIt() {
        RestClient.Response response = rest.post(DATA_SETS, """
                {"name": "x", "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile"},
                 "tags": {"unifiedProfile": [true]}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("tags.unifiedProfile[0] must be a string");
        assertThat(rest.get(DATA_SETS).body()).isEqualTo("{}");
    }

    @Test
    void aJsonPatchEnablesTheDataSetForProfileAsAeppSendsIt() {
        String id = rest.createDataSet();

        RestClient.Response response = patch(id, """
                [{"op": "add", "path": "/tags/unifiedProfile", "value": ["enabled:true"]}]""");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("[\"@/dataSets/" + id + "\"]");
        JsonNode dataSet = rest.get(DATA_SETS + "/" + id).json().get(id);
        assertThat(dataSet.at("/tags/unifiedProfile/0").asText()).isEqualTo("enabled:true");
        assertThat(dataSet.get("updated").asLong())
                .isGreaterThanOrEqualTo(dataSet.get("created").asLong());
    }

    @Test
    void aJsonPatchReplacesTheNameAndRemovesATag() {
        String id = created(rest.post(DATA_SETS, """
                {"name": "old", "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile"},
                 "tags": {"team": ["crm"]}}"""));

        RestClient.Response response = patch(id, """
                [{"op": "replace", "path": "/name", "value": "new"}, {"op": "remove", "path": "/tags/team"}]""");

        assertThat(response.status()).isEqualTo(200);
        JsonNode dataSet = rest.get(DATA_SETS + "/" + id).json().get(id);
        assertThat(dataSet.get("name").asText()).isEqualTo("new");
        assertThat(dataSet.get("tags").toString()).isEqualTo("{}");
    }

    @Test
    void aBadPatchOperationIsRefusedNamingItAndChangesNothing() {
        String id = rest.createDataSet();

        RestClient.Response response = patch(id, """
                [{"op": "add", "path": "/tags/unifiedProfile", "value": ["enabled:true"]},
                 {"op": "move", "path": "/name", "value": "x"}]""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("operations[1].op must be add, replace or remove, not \"move\"");
        assertThat(rest.get(DATA_SETS + "/" + id).json().get(id).get("tags").toString())
                .isEqualTo("{}");
    }

    @Test
    void aPatchOfAPathThatIsNoDataSetFieldIsRefusedNamingIt() {
        String id = rest.createDataSet();

        RestClient.Response response = patch(id, """
                [{"op": "add", "path": "/imsOrg", "value": "x"}]""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("operations[0].path must be /name");
    }

    @Test
    void aPatchOfAnotherOrgsDataSetIsNotFound() {
        String id = rest.createDataSet();

        RestClient.Response response = server.rest(Tenant.fresh())
                .withHeader("Content-Type", "application/json-patch+json")
                .send("PATCH", DATA_SETS + "/" + id, "[{\"op\": \"add\", \"path\": \"/name\", \"value\": \"x\"}]");

        assertThat(response.status()).isEqualTo(404);
        assertThat(rest.get(DATA_SETS + "/" + id).json().get(id).get("name").asText())
                .isEqualTo("test");
    }

    private RestClient.Response patch(String id, String operations) {
        return rest.withHeader("Content-Type", "application/json-patch+json")
                .send("PATCH", DATA_SETS + "/" + id, operations);
    }

    private static String created(RestClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get(0).asText().substring("@/dataSets/".length());
    }

    @Test
    void anUnknownBatchIsNotFound() {
        RestClient.Response response = rest.get("/data/foundation/catalog/batches/da5cfb4de32c4b93a09f7e37fa53ad52");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asText()).contains("da5cfb4de32c4b93a09f7e37fa53ad52");
    }

    @Test
    void aPathLikeBatchIdIsRefused() {
        RestClient.Response response = rest.get("/data/foundation/catalog/batches/x..y");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("id must be");
    }

    @Test
    void anExportJobIntoAnUnknownDataSetIsRefused() {
        RestClient.Response response =
                rest.post("/data/core/ups/export/jobs", Requests.minimalCreate("5b7c86968f7b6501e21ba9df"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("destination.datasetId names no dataset");
        assertThat(rest.get("/export/jobs").json().get("records")).isEmpty();
    }

    @Test
    void anExportJobIntoAnotherOrgsDataSetIsRefused() {
        String othersDataSet = server.rest(Tenant.fresh()).createDataSet();

        RestClient.Response response = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(othersDataSet));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("destination.datasetId names no dataset");
    }

    @Test
    void anExportJobWithAPathLikeDataSetIdIsRefused() {
        RestClient.Response response = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate("../x"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("destination.datasetId must be");
    }

    @Test
    void grpcCreateAndGetAgree() {
        String id = server.grpc().createDataSet(tenant);

        DataSet dataSet = server.grpc()
                .catalog(tenant)
                .getDataSet(GetDataSetRequest.newBuilder().setId(id).build())
                .getDataSetsOrThrow(id);

        assertThat(dataSet.getId()).isEqualTo(id);
        assertThat(dataSet.getImsOrg()).isEqualTo(tenant.orgId());
        assertThat(dataSet.getSchemaRef().getId()).isEqualTo("https://ns.adobe.com/xdm/context/profile");
    }
}
