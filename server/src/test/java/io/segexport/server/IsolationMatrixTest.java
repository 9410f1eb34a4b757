package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.CreateSegmentDefinitionRequest;
import io.segexport.v1.DeleteBatchRequest;
import io.segexport.v1.DeleteSegmentDefinitionRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.GetBatchRequest;
import io.segexport.v1.GetDataSetRequest;
import io.segexport.v1.GetEntitiesRequest;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.GetFileRequest;
import io.segexport.v1.GetMergePolicyRequest;
import io.segexport.v1.GetSegmentDefinitionRequest;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.ListBatchFilesRequest;
import io.segexport.v1.ListDataSetsRequest;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.ListMergePoliciesRequest;
import io.segexport.v1.ListSegmentDefinitionsRequest;
import io.segexport.v1.MergePolicyRef;
import io.segexport.v1.PqlExpression;
import io.segexport.v1.ReadFileRequest;
import io.segexport.v1.Schema;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.WatchExportJobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation on every endpoint, over REST and gRPC. A victim (an org and sandbox) holds a
 * dataset, a profile with an event, a merge policy, a segment definition and a succeeded job with its
 * batch, each carrying a secret. A caller of another org, and one of the victim's org in another
 * sandbox, try every endpoint on the victim's ids: reads answer 404 (NOT_FOUND), listings leave the
 * victim out, writes naming the victim's resources answer 400 (INVALID_ARGUMENT: no such resource
 * for the caller) or 404. No answer holds a byte of the secret, and after each attempt the victim's data is as it was.
 */
class IsolationMatrixTest {
    private static final String SECRET = "secret" + UUID.randomUUID().toString().replace("-", "");
    private static final String EMAIL = "victim-" + SECRET.substring(6, 14) + "@example.com";
    private static final String JOBS = "/data/core/ups/export/jobs";

    @RegisterExtension
    static final SharedServer server = new SharedServer(1);

    private static final Tenant victim = Tenant.fresh();
    private static String dataSet;
    private static String policy;
    private static long jobId;
    private static String batchId;
    private static String definition;
    private static String victimView;
    private static String loadingBatch;
    private static String ingestedBatch;

    @BeforeAll
    static void victimHoldsOneOfEverything() throws InterruptedException {
        RestClient rest = server.rest(victim);
        dataSet = rest.createDataSet();
        Exports.ingestProfiles(rest, dataSet, Exports.profile(EMAIL, "", "\"note\": \"" + SECRET + "\""));
        Exports.ingestEvents(
                rest,
                dataSet,
                "{\"identityMap\": {\"email\": [{\"id\": \"" + EMAIL + "\"}]},"
                        + " \"timestamp\": \"2024-01-01T00:00:00Z\", \"note\": \"" + SECRET + "\"}");
        RestClient.Response created = rest.post(MergePolicyTest.POLICIES, MergePolicyTest.timestampPolicy(SECRET));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        policy = created.json().get("id").asText();
        definition = createdDefinition(rest, SegmentDefinitionTest.definition(SECRET, "note = \"" + SECRET + "\""));
        jobId = Exports.create(
                rest,
                "{\"fields\": \"note,personalEmail\", \"destination\": {\"datasetId\": \"" + dataSet
                        + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}, \"mergePolicy\": {\"id\": \"" + policy
                        + "\"}}");
        JsonNode job = Exports.awaitEnd(rest, jobId);
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        batchId = job.at("/destination/batchId").asText();
        BatchUploads uploads = new BatchUploads(rest);
        loadingBatch = uploads.create(dataSet, false);
        ingestedBatch = uploads.ingest(
                        dataSet,
                        false,
                        "secret.json",
                        "{\"identityMap\": {\"email\": [{\"id\": \"" + EMAIL + "\"}]}}\n{\"note\": \"" + SECRET
                                + "\"}\n")
                .get("id")
                .asText();
        victimView = victimView();
        assertThat(victimView).contains(SECRET);
    }

    private static String createdDefinition(RestClient rest, String body) {
        RestClient.Response created = rest.post(SegmentDefinitionTest.DEFINITIONS, body);
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        return created.json().get("id").asText();
    }

    /** Everything the victim can see of its own data, as one text. */
    private static String victimView() {
        RestClient rest = server.rest(victim);
        StringBuilder view = new StringBuilder();
        for (String path : List.of(
                JOBS + "/" + jobId,
                JOBS,
                "/data/foundation/catalog/dataSets/" + dataSet,
                "/data/foundation/catalog/batches/" + batchId,
                MergePolicyTest.POLICIES + "/" + policy,
                SegmentDefinitionTest.DEFINITIONS + "/" + definition,
                Ingest.lookup("email", EMAIL),
                "/data/foundation/export/batches/" + batchId + "/files",
                "/data/foundation/export/files/" + batchId,
                "/data/foundation/catalog/batches/" + loadingBatch,
                "/data/foundation/catalog/batches/" + ingestedBatch,
                "/data/foundation/export/batches/" + ingestedBatch + "/failed",
                "/data/foundation/export/batches/" + ingestedBatch + "/failed?path=failed-00000.json")) {
            RestClient.Response response = rest.get(path);
            assertThat(response.status())
                    .as("the victim reads %s: %s", path, response)
                    .isEqualTo(200);
            view.append(path).append(" → ").append(response.body()).append('\n');
        }
        view.append(rest.getBytes("/data/foundation/export/files/" + batchId + "?path=part-00000.json")
                .text());
        return view.toString();
    }

    /** Who attacks: another org, or the victim's org in another sandbox. */
    enum Attacker {
        OTHER_ORG,
        OTHER_SANDBOX;

        Tenant tenant() {
            return this == OTHER_ORG ? Tenant.fresh() : victim.inSandbox("attacker");
        }
    }

    /** One attempt on the victim's data: what it answered, as an HTTP status and a body. */
    record Answer(int status, String body) {}

    /** One endpoint tried on the victim's ids, and the status it must answer. */
    record Attack(String name, int expected, Function<Tenant, Answer> attempt) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Runs after the victim is set up: JUnit provides a parameterized test's arguments as it runs it. */
    static Stream<Arguments> attacks() {
        List<Attack> attacks = List.of(
                rest("REST get job", 404, "GET", JOBS + "/" + jobId),
                rest("REST get job, short path", 404, "GET", "/export/jobs/" + jobId),
                rest("REST cancel or delete job", 404, "DELETE", JOBS + "/" + jobId),
                rest("REST list jobs", 200, "GET", JOBS + "?limit=1000"),
                rest("REST list jobs by status", 200, "GET", JOBS + "?status=SUCCEEDED"),
                rest(
                        "REST create job into the victim's dataset",
                        400,
                        "POST",
                        JOBS,
                        "{\"destination\": {\"datasetId\": \"" + dataSet
                                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}}"),
                rest("REST get dataset", 404, "GET", "/data/foundation/catalog/dataSets/" + dataSet),
                rest(
                        "REST patch dataset",
                        404,
                        "PATCH",
                        "/data/foundation/catalog/dataSets/" + dataSet,
                        "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"mine\"}]"),
                rest(
                        "REST create a batch of the victim's dataset",
                        400,
                        "POST",
                        BatchUploads.BATCHES,
                        "{\"datasetId\": \"" + dataSet + "\", \"inputFormat\": {\"format\": \"json\"}}"),
                rest("REST get ingestion batch", 404, "GET", "/data/foundation/catalog/batches/" + loadingBatch),
                rest("REST delete batch", 404, "DELETE", "/data/foundation/catalog/batches/" + batchId),
                rest("REST delete ingested batch", 404, "DELETE", "/data/foundation/catalog/batches/" + ingestedBatch),
                rest(
                        "REST complete ingestion batch",
                        404,
                        "POST",
                        BatchUploads.BATCHES + "/" + loadingBatch + "?action=COMPLETE"),
                rest(
                        "REST abort ingestion batch",
                        404,
                        "POST",
                        BatchUploads.BATCHES + "/" + loadingBatch + "?action=ABORT"),
                rest(
                        "REST revert ingestion batch",
                        404,
                        "POST",
                        BatchUploads.BATCHES + "/" + ingestedBatch + "?action=REVERT"),
                rest(
                        "REST upload a file to the victim's batch",
                        404,
                        "PUT",
                        BatchUploads.file(loadingBatch, dataSet, "mine.json"),
                        "{\"note\": \"mine\"}"),
                rest(
                        "REST initialize a large file of the victim's batch",
                        404,
                        "POST",
                        BatchUploads.file(loadingBatch, dataSet, "mine.json") + "?action=INITIALIZE"),
                rest(
                        "REST list failed records",
                        404,
                        "GET",
                        "/data/foundation/export/batches/" + ingestedBatch + "/failed"),
                rest(
                        "REST read failed records",
                        404,
                        "GET",
                        "/data/foundation/export/batches/" + ingestedBatch + "/failed?path=failed-00000.json"),
                rest(
                        "REST stream a message into the victim's dataset",
                        400,
                        "POST",
                        "/collection/9f1c2d3e4b5a69788766554433221100",
                        "{\"header\": {\"schemaRef\": {\"id\": \"https://ns.adobe.com/xdm/context/profile\"}, \"imsOrgId\": \""
                                + victim.orgId() + "\", \"datasetId\": \"" + dataSet + "\"}, \"body\": {\"xdmEntity\":"
                                + " {\"identityMap\": {\"email\": [{\"id\": \"" + EMAIL
                                + "\"}]}, \"note\": \"overwritten\"}}}"),
                rest("REST list datasets", 200, "GET", "/data/foundation/catalog/dataSets"),
                rest("REST get batch", 404, "GET", "/data/foundation/catalog/batches/" + batchId),
                rest("REST get merge policy", 404, "GET", MergePolicyTest.POLICIES + "/" + policy),
                rest("REST list merge policies", 200, "GET", MergePolicyTest.POLICIES),
                // A precedence order takes any dataset id, existing or not: it tells nothing, and
                // orders only the caller's own fragments.
                rest(
                        "REST create merge policy naming the victim's dataset",
                        200,
                        "POST",
                        MergePolicyTest.POLICIES,
                        MergePolicyTest.precedencePolicy("mine", dataSet)),
                rest("REST get segment definition", 404, "GET", SegmentDefinitionTest.DEFINITIONS + "/" + definition),
                rest("REST list segment definitions", 200, "GET", SegmentDefinitionTest.DEFINITIONS),
                rest(
                        "REST delete segment definition",
                        404,
                        "DELETE",
                        SegmentDefinitionTest.DEFINITIONS + "/" + definition),
                rest(
                        "REST create segment definition with the victim's merge policy",
                        400,
                        "POST",
                        SegmentDefinitionTest.DEFINITIONS,
                        "{\"name\": \"mine\", \"schema\": {\"name\": \"_xdm.context.profile\"},"
                                + " \"expression\": {\"type\": \"PQL\", \"format\": \"pql/text\", \"value\": \"a = 1\"},"
                                + " \"mergePolicyId\": \"" + policy + "\"}"),
                rest("REST look up the victim's profile", 404, "GET", Ingest.lookup("email", EMAIL)),
                rest(
                        "REST look up with the victim's merge policy",
                        400,
                        "GET",
                        Ingest.lookup("email", EMAIL) + "&mergePolicyId=" + policy),
                rest(
                        "REST ingest profiles into the victim's dataset",
                        400,
                        "POST",
                        Ingest.PROFILES,
                        Ingest.jsonBody(dataSet, Exports.profile(EMAIL, "", "\"note\": \"overwritten\""))),
                rest(
                        "REST ingest events into the victim's dataset",
                        400,
                        "POST",
                        Ingest.EVENTS,
                        Ingest.jsonBody(
                                dataSet,
                                "{\"identityMap\": {\"email\": [{\"id\": \"" + EMAIL + "\"}]},"
                                        + " \"timestamp\": \"2024-01-02T00:00:00Z\"}")),
                rest(
                        "REST list the batch's files",
                        404,
                        "GET",
                        "/data/foundation/export/batches/" + batchId + "/files"),
                rest("REST list the dataset file's parts", 404, "GET", "/data/foundation/export/files/" + batchId),
                rest(
                        "REST download a part",
                        404,
                        "GET",
                        "/data/foundation/export/files/" + batchId + "?path=part-00000.json"),
                grpc(
                        "gRPC GetExportJob",
                        Status.Code.NOT_FOUND,
                        t -> jobs(t).getExportJob(GetExportJobRequest.newBuilder()
                                .setId(jobId)
                                .build())),
                grpc(
                        "gRPC CancelExportJob",
                        Status.Code.NOT_FOUND,
                        t -> jobs(t).cancelExportJob(CancelExportJobRequest.newBuilder()
                                .setId(jobId)
                                .build())),
                grpc(
                        "gRPC WatchExportJob",
                        Status.Code.NOT_FOUND,
                        t -> jobs(t).watchExportJob(WatchExportJobRequest.newBuilder()
                                        .setId(jobId)
                                        .build())
                                .next()),
                grpc(
                        "gRPC ListExportJobs",
                        Status.Code.OK,
                        t -> jobs(t).listExportJobs(ListExportJobsRequest.newBuilder()
                                .setLimit(1000)
                                .build())),
                grpc(
                        "gRPC CreateExportJob into the victim's dataset",
                        Status.Code.INVALID_ARGUMENT,
                        t -> jobs(t).createExportJob(CreateExportJobRequest.newBuilder()
                                .setExportJob(ExportJob.newBuilder()
                                        .setDestination(Destination.newBuilder().setDatasetId(dataSet))
                                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                                .build())),
                grpc(
                        "gRPC CreateExportJob with the victim's merge policy",
                        Status.Code.INVALID_ARGUMENT,
                        t -> jobs(t).createExportJob(CreateExportJobRequest.newBuilder()
                                .setExportJob(ExportJob.newBuilder()
                                        .setDestination(Destination.newBuilder()
                                                .setDatasetId(server.grpc().createDataSet(t)))
                                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                                        .setMergePolicy(MergePolicyRef.newBuilder()
                                                .setId(policy)
                                                .setVersion(1)))
                                .build())),
                grpc(
                        "gRPC GetDataSet",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .catalog(t)
                                .getDataSet(GetDataSetRequest.newBuilder()
                                        .setId(dataSet)
                                        .build())),
                grpc(
                        "gRPC ListDataSets",
                        Status.Code.OK,
                        t -> server.grpc().catalog(t).listDataSets(ListDataSetsRequest.getDefaultInstance())),
                grpc(
                        "gRPC GetBatch",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .catalog(t)
                                .getBatch(GetBatchRequest.newBuilder()
                                        .setId(batchId)
                                        .build())),
                grpc(
                        "gRPC DeleteBatch",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .catalog(t)
                                .deleteBatch(DeleteBatchRequest.newBuilder()
                                        .setId(batchId)
                                        .build())),
                grpc(
                        "gRPC GetMergePolicy",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .mergePolicies(t)
                                .getMergePolicy(GetMergePolicyRequest.newBuilder()
                                        .setId(policy)
                                        .build())),
                grpc(
                        "gRPC ListMergePolicies",
                        Status.Code.OK,
                        t -> server.grpc()
                                .mergePolicies(t)
                                .listMergePolicies(ListMergePoliciesRequest.getDefaultInstance())),
                grpc(
                        "gRPC GetSegmentDefinition",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .segmentDefinitions(t)
                                .getSegmentDefinition(GetSegmentDefinitionRequest.newBuilder()
                                        .setId(definition)
                                        .build())),
                grpc(
                        "gRPC ListSegmentDefinitions",
                        Status.Code.OK,
                        t -> server.grpc()
                                .segmentDefinitions(t)
                                .listSegmentDefinitions(ListSegmentDefinitionsRequest.getDefaultInstance())),
                grpc(
                        "gRPC DeleteSegmentDefinition",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .segmentDefinitions(t)
                                .deleteSegmentDefinition(DeleteSegmentDefinitionRequest.newBuilder()
                                        .setId(definition)
                                        .build())),
                grpc(
                        "gRPC CreateSegmentDefinition with the victim's merge policy",
                        Status.Code.INVALID_ARGUMENT,
                        t -> server.grpc()
                                .segmentDefinitions(t)
                                .createSegmentDefinition(CreateSegmentDefinitionRequest.newBuilder()
                                        .setSegmentDefinition(SegmentDefinition.newBuilder()
                                                .setName("mine")
                                                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                                                .setExpression(PqlExpression.newBuilder()
                                                        .setType("PQL")
                                                        .setFormat("pql/text")
                                                        .setValue("a = 1"))
                                                .setMergePolicyId(policy))
                                        .build())),
                grpc(
                        "gRPC GetEntities",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .profiles(t)
                                .getEntities(GetEntitiesRequest.newBuilder()
                                        .setEntityId(EMAIL)
                                        .setEntityIdNs("email")
                                        .build())),
                grpc(
                        "gRPC IngestProfiles into the victim's dataset",
                        Status.Code.INVALID_ARGUMENT,
                        t -> server.grpc()
                                .profiles(t)
                                .ingestProfiles(Ingest.request(
                                        dataSet,
                                        "{'identityMap': {'email': [{'id': '" + EMAIL
                                                + "'}]}, 'note': 'overwritten'}"))),
                grpc(
                        "gRPC StreamProfiles into the victim's dataset",
                        Status.Code.INVALID_ARGUMENT,
                        t -> streamProfiles(
                                t, Ingest.request(dataSet, "{'identityMap': {'email': [{'id': '" + EMAIL + "'}]}}"))),
                grpc(
                        "gRPC ListBatchFiles",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .dataAccess(t)
                                .listBatchFiles(ListBatchFilesRequest.newBuilder()
                                        .setBatchId(batchId)
                                        .build())),
                grpc(
                        "gRPC GetFile",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .dataAccess(t)
                                .getFile(GetFileRequest.newBuilder()
                                        .setDataSetFileId(batchId)
                                        .build())),
                grpc(
                        "gRPC ReadFile",
                        Status.Code.NOT_FOUND,
                        t -> server.grpc()
                                .dataAccess(t)
                                .readFile(ReadFileRequest.newBuilder()
                                        .setDataSetFileId(batchId)
                                        .setPath("part-00000.json")
                                        .build())
                                .next()));
        List<Arguments> cases = new ArrayList<>();
        for (Attack attack : attacks) {
            for (Attacker attacker : Attacker.values()) {
                cases.add(Arguments.of(attack, attacker));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, by {1}")
    @MethodSource("attacks")
    void anotherTenantGetsNothingOfTheVictimAndChangesNothing(Attack attack, Attacker attacker) {
        Answer answer = attack.attempt().apply(attacker.tenant());

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(attack.expected());
        assertThat(answer.body()).doesNotContain(SECRET);
        assertThat(victimView()).isEqualTo(victimView);
    }

    @Test
    void aProfileOfTheVictimsIdentityIngestedByAnotherOrgIsItsOwn() {
        Tenant other = Tenant.fresh();
        RestClient rest = server.rest(other);
        Exports.ingestProfiles(rest, rest.createDataSet(), Exports.profile(EMAIL, "", "\"note\": \"the other org's\""));

        RestClient.Response lookup = rest.get(Ingest.lookup("email", EMAIL));

        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body()).contains("the other org's").doesNotContain(SECRET);
        assertThat(victimView()).isEqualTo(victimView);
    }

    private static Attack rest(String name, int expected, String method, String path) {
        return rest(name, expected, method, path, null);
    }

    private static Attack rest(String name, int expected, String method, String path, String body) {
        return new Attack(name, expected, tenant -> {
            RestClient.Response response = server.rest(tenant).send(method, path, body);
            return new Answer(response.status(), response.body());
        });
    }

    /** A gRPC attack; its status is given as the HTTP status it maps to, so both faces share one table. */
    private static Attack grpc(String name, Status.Code expected, Function<Tenant, Object> call) {
        return new Attack(name, httpStatus(expected), tenant -> {
            Throwable thrown = catchThrowable(() -> {
                Object answer = call.apply(tenant);
                throw new Answered(answer instanceof Message message ? message.toString() : String.valueOf(answer));
            });
            if (thrown instanceof Answered answered) {
                return new Answer(200, answered.getMessage());
            }
            assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
            Status status = ((StatusRuntimeException) thrown).getStatus();
            return new Answer(httpStatus(status.getCode()), status.getCode() + ": " + status.getDescription());
        });
    }

    private static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case NOT_FOUND -> 404;
            case INVALID_ARGUMENT -> 400;
            default -> 500;
        };
    }

    /** Carries a successful answer out of the call, so that one path handles both outcomes. */
    private static final class Answered extends RuntimeException {
        Answered(String body) {
            super(body, null, false, false);
        }
    }

    private static ExportJobServiceGrpc.ExportJobServiceBlockingStub jobs(Tenant tenant) {
        return server.grpc().blocking(tenant);
    }

    private static Object streamProfiles(Tenant tenant, IngestRequest request) {
        try {
            return IngestStreams.send(
                    server.grpc().profilesAsync(tenant)::streamProfiles,
                    List.of(request).iterator(),
                    Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            // IngestStreams wraps the stream's failure; the status is what the caller sees.
            Throwable cause = e.getCause() instanceof java.util.concurrent.ExecutionException execution
                    ? execution.getCause()
                    : e;
            if (cause instanceof StatusRuntimeException status) {
                throw status;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
