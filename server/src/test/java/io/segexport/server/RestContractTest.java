package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each request of the documentation, over REST: the documented status, fields and JSON types. */
class RestContractTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final String dataSet = rest.createDataSet();

    @Test
    void createWithTheDocumentedRequestAnswersTheDocumentedJob() {
        RestClient.Response response = rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(dataSet));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode job = response.json();
        assertThat(job.get("id").isIntegralNumber()).isTrue();
        assertThat(job.get("jobType").asText()).isEqualTo("BATCH");
        assertThat(job.get("status").asText()).isEqualTo("NEW");
        assertThat(job.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(job.get("profileInstanceId").asText()).isEqualTo("ups");
        assertThat(job.get("fields").asText()).isEqualTo("identities.id,personalEmail.address");
        assertThat(job.at("/schema/name").asText()).isEqualTo("_xdm.context.profile");
        assertThat(job.at("/destination/datasetId").asText()).isEqualTo(dataSet);
        assertThat(job.at("/destination/segmentPerBatch").isBoolean()).isTrue();
        assertThat(job.at("/destination/segmentPerBatch").booleanValue()).isFalse();
        assertThat(job.at("/destination/batchId").asText()).matches("[0-9a-f]{32}");
        assertThat(job.at("/filter/segments/0/segmentId").asText()).isEqualTo("52c26d0d-45f2-47a2-ab30-ed06abc981ff");
        assertThat(job.at("/filter/segments/0/segmentNs").asText()).isEqualTo("ups");
        assertThat(job.at("/filter/segments/0/status").toString()).isEqualTo("[\"realized\"]");
        assertThat(job.at("/filter/segmentQualificationTime/startTime").asText())
                .isEqualTo("2018-01-01T00:00:00Z");
        assertThat(job.at("/filter/segmentQualificationTime/endTime").asText()).isEqualTo("2018-02-01T00:00:00Z");
        assertThat(job.at("/filter/fromIngestTimestamp").asText()).isEqualTo("2018-01-01T00:00:00Z");
        assertThat(job.at("/filter/emptyProfiles").booleanValue()).isTrue();
        assertThat(job.at("/additionalFields/eventList/fields").asText()).isEqualTo("string");
        assertThat(job.at("/additionalFields/eventList/filter/toIngestTimestamp")
                        .asText())
                .isEqualTo("2020-01-01T00:00:00Z");
        assertThat(job.at("/mergePolicy/id").asText()).isEqualTo("timestampOrdered-none-mp");
        assertThat(job.at("/mergePolicy/version").isIntegralNumber()).isTrue();
        assertThat(job.at("/evaluationInfo/segmentation").booleanValue()).isTrue();
        assertThat(job.at("/metrics/totalTime/startTimeInMs").isIntegralNumber())
                .isTrue();
        assertThat(job.at("/computeGatewayJobId/exportJob").isTextual()).isTrue();
        assertThat(job.at("/computeGatewayJobId/exportJob").asText()).isEmpty();
        assertThat(job.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(job.get("updateTime").isIntegralNumber()).isTrue();
        assertThat(job.get("requestId").asText()).isEqualTo(response.header("x-request-id"));
    }

    @Test
    void createAnswersAnXLocationHeaderPointingAtTheJob() {
        RestClient.Response response = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(dataSet));

        assertThat(response.header("x-location"))
                .isEqualTo("/data/core/ups/export/jobs/"
                        + response.json().get("id").asLong());
        assertThat(rest.get(response.header("x-location")).status()).isEqualTo(200);
    }

    @Test
    void createFillsTheDocumentedDefaults() {
        JsonNode job = rest.post("/export/jobs", """
                {"destination": {"datasetId": "%s"}, "schema": {"name": "_xdm.context.profile"},
                 "filter": {"segments": [{"segmentId": "s1"}]}}""".formatted(dataSet)).json();

        assertThat(job.at("/filter/segments/0/segmentNs").asText()).isEqualTo("ups");
        assertThat(job.at("/filter/segments/0/status").toString()).isEqualTo("[\"realized\",\"existing\"]");
        assertThat(job.at("/destination/segmentPerBatch").booleanValue()).isFalse();
        assertThat(job.at("/mergePolicy/id").asText()).isEqualTo("timestampOrdered-none-mp");
        assertThat(job.at("/mergePolicy/version").asInt()).isEqualTo(1);
    }

    @Test
    void createWithSegmentPerBatchAnswersOneBatchPerSegment() {
        JsonNode job = rest.post("/export/jobs", """
                {"destination": {"dataSetId": "%s", "segmentPerBatch": true},
                 "schema": {"name": "_xdm.context.profile"},
                 "filter": {"segments": [{"segmentId": "segment1", "status": ["realized"]},
                                         {"segmentId": "segment2", "segmentNs": "AdCloud", "status": ["exited"]}]}}""".formatted(dataSet)).json();

        assertThat(job.at("/destination/datasetId").asText()).isEqualTo(dataSet);
        assertThat(job.at("/destination/dataSetId").isMissingNode()).isTrue();
        assertThat(job.at("/destination/segmentPerBatch").booleanValue()).isTrue();
        assertThat(job.at("/destination/batchId").isMissingNode()).isTrue();
        JsonNode batches = job.at("/destination/batches");
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).get("segmentId").asText()).isEqualTo("segment1");
        assertThat(batches.get(0).get("segmentNs").asText()).isEqualTo("ups");
        assertThat(batches.get(1).get("segmentNs").asText()).isEqualTo("AdCloud");
        assertThat(batches.get(1).get("status").toString()).isEqualTo("[\"exited\"]");
        assertThat(batches.get(0).get("batchId").asText())
                .matches("[0-9a-f]{32}")
                .isNotEqualTo(batches.get(1).get("batchId").asText());
    }

    @Test
    void createIgnoresOutputOnlyFieldsOfTheRequest() {
        JsonNode job = rest.post("/export/jobs", """
                {"id": 5, "status": "SUCCEEDED", "imsOrgId": "other@AdobeOrg", "creationTime": 1,
                 "destination": {"datasetId": "%s", "batchId": "mine"}, "schema": {"name": "_xdm.context.profile"}}""".formatted(dataSet)).json();

        assertThat(job.get("status").asText()).isEqualTo("NEW");
        assertThat(job.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(job.get("creationTime").asLong()).isGreaterThan(1);
        assertThat(job.at("/destination/batchId").asText()).isNotEqualTo("mine");
        assertThat(rest.get("/export/jobs/" + job.get("id").asLong()).json()).isEqualTo(job);
    }

    @Test
    void getAnswersTheJobAsCreated() {
        JsonNode created = rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(dataSet))
                .json();

        RestClient.Response response =
                rest.get("/data/core/ups/export/jobs/" + created.get("id").asLong());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(created);
    }

    @Test
    void getOnTheShortPathAnswersTheSameJob() {
        long id = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(dataSet))
                .json()
                .get("id")
                .asLong();

        assertThat(rest.get("/export/jobs/" + id).json())
                .isEqualTo(rest.get("/data/core/ups/export/jobs/" + id).json());
    }

    @Test
    void listAnswersTheDocumentedShape() {
        rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(dataSet));
        rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(dataSet));
        rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(dataSet));

        RestClient.Response response = rest.get("/data/core/ups/export/jobs?limit=2");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("records")).hasSize(2);
        for (JsonNode record : body.get("records")) {
            assertThat(record.get("id").isIntegralNumber()).isTrue();
            assertThat(record.get("creationTime").isIntegralNumber()).isTrue();
            assertThat(record.get("destination").isObject()).isTrue();
            assertThat(record.get("filter").get("segments").isArray()).isTrue();
            assertThat(record.get("status").asText()).isEqualTo("NEW");
        }
        JsonNode last = body.get("records").get(1);
        assertThat(body.at("/page/sortField").asText()).isEqualTo("createdTime");
        assertThat(body.at("/page/sort").asText()).isEqualTo("desc");
        assertThat(body.at("/page/pageOffset").asText())
                .isEqualTo(
                        last.get("creationTime").asLong() + "_" + last.get("id").asLong());
        assertThat(body.at("/page/pageSize").isIntegralNumber()).isTrue();
        assertThat(body.at("/page/pageSize").asInt()).isEqualTo(2);
        assertThat(body.at("/link/next").asText())
                .isEqualTo("/export/jobs/?limit=2&offset="
                        + body.at("/page/pageOffset").asText());
    }

    @Test
    void listOfATenantWithoutJobsIsAnEmptyLastPage() {
        JsonNode body = rest.get("/export/jobs").json();

        assertThat(body.get("records").isArray()).isTrue();
        assertThat(body.get("records")).isEmpty();
        assertThat(body.at("/page/pageSize").asInt()).isZero();
        assertThat(body.at("/link/next").isTextual()).isTrue();
        assertThat(body.at("/link/next").asText()).isEmpty();
    }

    @Test
    void listServesTheTrailingSlashFormsToo() {
        rest.post("/export/jobs/", Requests.minimalCreate(dataSet));

        assertThat(rest.get("/export/jobs/").json().get("records")).hasSize(1);
        assertThat(rest.get("/data/core/ups/export/jobs/").json().get("records"))
                .hasSize(1);
    }

    @Test
    void deleteOfANewJobAnswers204AndCancelsIt() {
        long id = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(dataSet))
                .json()
                .get("id")
                .asLong();

        RestClient.Response response = rest.delete("/data/core/ups/export/jobs/" + id);

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("content-type")).isNull();
        assertThat(rest.get("/data/core/ups/export/jobs/" + id)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELLED");
    }

    @Test
    void deleteOfAnEndedJobDeletesIt() {
        long id = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(dataSet))
                .json()
                .get("id")
                .asLong();
        rest.delete("/export/jobs/" + id);

        RestClient.Response response = rest.delete("/export/jobs/" + id);

        assertThat(response.status()).isEqualTo(204);
        assertThat(rest.get("/export/jobs/" + id).status()).isEqualTo(404);
        assertThat(rest.get("/export/jobs").json().get("records")).isEmpty();
    }

    @Test
    void responsesCarryNoGrpcHeaders() {
        long id = rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(dataSet))
                .json()
                .get("id")
                .asLong();

        for (RestClient.Response response : new RestClient.Response[] {
            rest.get("/export/jobs/" + id),
            rest.get("/export/jobs"),
            rest.delete("/export/jobs/" + id),
            rest.get("/export/jobs/999999999")
        }) {
            assertThat(response.headers().map().keySet())
                    .noneMatch(name -> name.toLowerCase().startsWith("grpc-"));
        }
    }

    @Test
    void theCallersRequestIdIsEchoedAndKeptOnTheJob() {
        RestClient.Response response =
                rest.withHeader("x-request-id", "req-42.a").post("/export/jobs", Requests.minimalCreate(dataSet));

        assertThat(response.header("x-request-id")).isEqualTo("req-42.a");
        assertThat(response.json().get("requestId").asText()).isEqualTo("req-42.a");
    }

    @Test
    void unknownPathsAnswerProblemDetails() {
        RestClient.Response response = rest.get("/data/core/ups/export/nothing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void theDocsPageListsTheServiceAndItsRestPaths() {
        RestClient.Response spec = rest.get("/docs/specification.json");

        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.body())
                .contains(
                        "segexport.v1.ExportJobService",
                        "/data/core/ups/export/jobs",
                        "/export/jobs",
                        "Lists the caller's export jobs, newest first");
    }
}
