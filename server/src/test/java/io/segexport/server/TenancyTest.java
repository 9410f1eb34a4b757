package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.ListExportJobsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs are scoped by org and sandbox: a job of another org or sandbox does not exist for the caller
 * (404 over REST, NOT_FOUND over gRPC, never 403), its attempts change nothing, and lists and ids
 * never cross tenants.
 */
class TenancyTest {
    private static final String JOBS = "/data/core/ups/export/jobs";

    @RegisterExtension
    static final SharedServer server = new SharedServer();

    /** The owner: org A, sandbox prod. */
    private Tenant a;
    /** Another org, same sandbox name. */
    private Tenant b;
    /** The owner's org in its other sandbox. */
    private Tenant aDev;
    /** A's job, created over REST. */
    private long id;
    /** A's job as A read it right after creating it. */
    private JsonNode created;

    @BeforeEach
    void createJobOfA() {
        a = Tenant.fresh();
        b = Tenant.fresh();
        aDev = a.inSandbox("dev");
        RestClient.Response response =
                server.rest(a).post(JOBS, Requests.minimalCreate(server.rest(a).createDataSet()));
        assertThat(response.status()).as("creating A's job: %s", response).isEqualTo(200);
        id = response.json().path("id").asLong();
        assertThat(id).isPositive();
        created = jobOfA();
        assertThat(created.path("status").asText()).isEqualTo("NEW");
    }

    private JsonNode jobOfA() {
        RestClient.Response response = server.rest(a).get(JOBS + "/" + id);
        assertThat(response.status())
                .as("A reading its own job %d: %s", id, response)
                .isEqualTo(200);
        return response.json();
    }

    /** A's job is there, exactly as it was created: still NEW, same updateTime, same everything. */
    private void assertJobOfAUnchanged() {
        JsonNode now = jobOfA();
        assertThat(now.path("id").asLong()).isEqualTo(id);
        assertThat(now.path("status").asText()).as("status").isEqualTo("NEW");
        assertThat(now.path("updateTime").asLong())
                .as("updateTime")
                .isEqualTo(created.path("updateTime").asLong());
        assertThat(now.path("imsOrgId").asText()).as("imsOrgId").isEqualTo(a.orgId());
        assertThat(now).as("A's job").isEqualTo(created);
        ExportJob overGrpc = server.grpc()
                .blocking(a)
                .getExportJob(GetExportJobRequest.newBuilder().setId(id).build());
        assertThat(overGrpc.getStatus().name()).isEqualTo("NEW");
        assertThat(overGrpc.getUpdateTime())
                .isEqualTo(created.path("updateTime").asLong());
    }

    private static void assertRestNotFound(RestClient.Response response, long id) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(404);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(404);
        assertThat(body.path("detail").asText()).contains(String.valueOf(id));
        assertThat(response.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("grpc-"));
    }

    private static void assertGrpcNotFound(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
        assertThat(((StatusRuntimeException) thrown).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    private static GetExportJobRequest get(long id) {
        return GetExportJobRequest.newBuilder().setId(id).build();
    }

    private static CancelExportJobRequest cancel(long id) {
        return CancelExportJobRequest.newBuilder().setId(id).build();
    }

    private static List<Long> restListIds(Tenant tenant, String query) {
        RestClient.Response response = server.rest(tenant).get(JOBS + query);
        assertThat(response.status()).as("listing: %s", response).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        response.json()
                .path("records")
                .forEach(record -> ids.add(record.path("id").asLong()));
        return ids;
    }

    private static List<Long> grpcListIds(Tenant tenant, ListExportJobsRequest request) {
        return server.grpc().blocking(tenant).listExportJobs(request).getRecordsList().stream()
                .map(ExportJob::getId)
                .toList();
    }

    // --- GET over REST ---

    @Test
    void getOfAnotherOrgsJobIsNotFound() {
        assertRestNotFound(server.rest(b).get(JOBS + "/" + id), id);
        assertJobOfAUnchanged();
    }

    @Test
    void getOfTheSameOrgsJobFromAnotherSandboxIsNotFound() {
        assertRestNotFound(server.rest(aDev).get(JOBS + "/" + id), id);
        assertJobOfAUnchanged();
    }

    @Test
    void getOfAnotherOrgsJobOnTheShortPathIsNotFound() {
        assertRestNotFound(server.rest(b).get("/export/jobs/" + id), id);
    }

    // --- DELETE over REST ---

    @Test
    void deleteOfAnotherOrgsJobIsNotFoundAndLeavesItUnchanged() {
        assertRestNotFound(server.rest(b).delete(JOBS + "/" + id), id);
        assertJobOfAUnchanged();
    }

    @Test
    void deleteOfTheSameOrgsJobFromAnotherSandboxIsNotFoundAndLeavesItUnchanged() {
        assertRestNotFound(server.rest(aDev).delete(JOBS + "/" + id), id);
        assertJobOfAUnchanged();
    }

    // --- over gRPC ---

    @Test
    void grpcGetOfAnotherOrgsJobIsNotFound() {
        assertGrpcNotFound(() -> server.grpc().blocking(b).getExportJob(get(id)));
        assertJobOfAUnchanged();
    }

    @Test
    void grpcGetOfTheSameOrgsJobFromAnotherSandboxIsNotFound() {
        assertGrpcNotFound(() -> server.grpc().blocking(aDev).getExportJob(get(id)));
        assertJobOfAUnchanged();
    }

    @Test
    void grpcCancelOfAnotherOrgsJobIsNotFoundAndLeavesItUnchanged() {
        assertGrpcNotFound(() -> server.grpc().blocking(b).cancelExportJob(cancel(id)));
        assertJobOfAUnchanged();
    }

    @Test
    void grpcCancelOfTheSameOrgsJobFromAnotherSandboxIsNotFoundAndLeavesItUnchanged() {
        assertGrpcNotFound(() -> server.grpc().blocking(aDev).cancelExportJob(cancel(id)));
        assertJobOfAUnchanged();
    }

    @Test
    void jobSurvivesEveryAttemptOfOtherTenantsUnchanged() {
        for (Tenant other : List.of(b, aDev)) {
            assertThat(server.rest(other).get(JOBS + "/" + id).status()).isEqualTo(404);
            assertThat(server.rest(other).delete(JOBS + "/" + id).status()).isEqualTo(404);
            assertThat(server.rest(other).delete("/export/jobs/" + id).status()).isEqualTo(404);
            assertGrpcNotFound(() -> server.grpc().blocking(other).getExportJob(get(id)));
            assertGrpcNotFound(() -> server.grpc().blocking(other).cancelExportJob(cancel(id)));
        }
        assertJobOfAUnchanged();
        assertThat(restListIds(a, "")).containsExactly(id);
    }

    @Test
    void notFoundOfAnotherOrgsJobLooksLikeNotFoundOfAnIdThatNeverExisted() {
        long neverUsed = id + 1_000_000_000L;
        RestClient.Response foreign = server.rest(b).get(JOBS + "/" + id);
        RestClient.Response unknown = server.rest(b).get(JOBS + "/" + neverUsed);

        assertThat(foreign.status()).isEqualTo(unknown.status()).isEqualTo(404);
        assertThat(foreign.header("content-type")).isEqualTo(unknown.header("content-type"));
        JsonNode f = foreign.json();
        JsonNode u = unknown.json();
        assertThat(f.path("type")).isEqualTo(u.path("type"));
        assertThat(f.path("title")).isEqualTo(u.path("title"));
        assertThat(f.path("detail").asText().replace(String.valueOf(id), "{id}"))
                .isEqualTo(u.path("detail").asText().replace(String.valueOf(neverUsed), "{id}"));
    }

    // --- lists ---

    @Test
    void listOfAnotherOrgDoesNotContainTheJob() {
        assertThat(restListIds(b, "")).doesNotContain(id).isEmpty();
        assertThat(restListIds(b, "?status=NEW")).doesNotContain(id).isEmpty();
        assertThat(grpcListIds(b, ListExportJobsRequest.getDefaultInstance()))
                .doesNotContain(id)
                .isEmpty();
    }

    @Test
    void listOfTheSameOrgsOtherSandboxDoesNotContainTheJob() {
        assertThat(restListIds(aDev, "")).doesNotContain(id).isEmpty();
        assertThat(restListIds(aDev, "?status=new")).doesNotContain(id).isEmpty();
        assertThat(grpcListIds(aDev, ListExportJobsRequest.getDefaultInstance()))
                .doesNotContain(id)
                .isEmpty();
    }

    @Test
    void listOfAnotherOrgShowsOnlyItsOwnJobs() {
        long idOfB = server.rest(b)
                .post(JOBS, Requests.minimalCreate(server.rest(b).createDataSet()))
                .json()
                .path("id")
                .asLong();

        assertThat(restListIds(b, "")).containsExactly(idOfB);
        assertThat(restListIds(a, "")).containsExactly(id);
        assertThat(restListIds(aDev, "")).isEmpty();
    }

    @Test
    void listingPastTheEndOfOneTenantNeverReachesAnother() {
        // Other tests' tenants have jobs in the same store; a cursor older than anything, or newer than
        // anything, must keep the walk inside the caller's own keys.
        for (Tenant tenant : List.of(b, aDev)) {
            assertThat(restListIds(tenant, "?offset=0_0")).as("oldest cursor").isEmpty();
            assertThat(restListIds(tenant, "?offset=999999999999999999_999999999999999999"))
                    .as("newest cursor")
                    .isEmpty();
            assertThat(restListIds(tenant, "?offset=0_0&status=NEW"))
                    .as("oldest cursor, NEW")
                    .isEmpty();
            assertThat(restListIds(tenant, "?offset=999999999999999999_999999999999999999&status=NEW"))
                    .as("newest cursor, NEW")
                    .isEmpty();
        }
        assertThat(restListIds(a, "?offset=999999999999999999_999999999999999999"))
                .containsExactly(id);
        assertThat(restListIds(a, "?offset=0_0")).isEmpty();
    }

    @Test
    void cursorOfAnotherTenantsJobShowsNothingOfIt() {
        String cursorOfA = created.path("creationTime").asLong() + 1 + "_" + (id + 1);
        assertThat(restListIds(b, "?offset=" + cursorOfA)).isEmpty();
        assertThat(restListIds(aDev, "?offset=" + cursorOfA)).isEmpty();
        assertThat(restListIds(a, "?offset=" + cursorOfA)).containsExactly(id);
    }

    // --- ids and tenant keys ---

    @Test
    void jobIdIsNotReusableAcrossTenants() {
        RestClient.Response ofB =
                server.rest(b).post(JOBS, Requests.minimalCreate(server.rest(b).createDataSet()));
        assertThat(ofB.status()).isEqualTo(200);
        long idOfB = ofB.json().path("id").asLong();
        ExportJob ofADev = server.grpc()
                .blocking(aDev)
                .createExportJob(io.segexport.v1.CreateExportJobRequest.newBuilder()
                        .setExportJob(ExportJob.newBuilder()
                                .setDestination(io.segexport.v1.Destination.newBuilder()
                                        .setDatasetId(server.grpc().createDataSet(aDev)))
                                .setSchema(io.segexport.v1.Schema.newBuilder().setName("_xdm.context.profile")))
                        .build());

        assertThat(idOfB).isNotEqualTo(id);
        assertThat(ofADev.getId()).isNotEqualTo(id).isNotEqualTo(idOfB);
        assertThat(ofB.json().path("imsOrgId").asText()).isEqualTo(b.orgId());
        assertThat(server.rest(b)
                        .get(JOBS + "/" + idOfB)
                        .json()
                        .path("imsOrgId")
                        .asText())
                .isEqualTo(b.orgId());
        assertRestNotFound(server.rest(a).get(JOBS + "/" + idOfB), idOfB);
        assertRestNotFound(server.rest(a).get(JOBS + "/" + ofADev.getId()), ofADev.getId());
        assertJobOfAUnchanged();
    }

    @Test
    void orgAndSandboxThatConcatenateAlikeAreDifferentTenants() {
        String stem =
                UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        Tenant first = new Tenant(stem + "A", "B.prod", "test-client", TestServer.TOKEN);
        Tenant second = new Tenant(stem + "AB", ".prod", "test-client", TestServer.TOKEN);
        RestClient.Response response = server.rest(first)
                .post(JOBS, Requests.minimalCreate(server.rest(first).createDataSet()));
        assertThat(response.status()).as("creating: %s", response).isEqualTo(200);
        long idOfFirst = response.json().path("id").asLong();

        assertRestNotFound(server.rest(second).get(JOBS + "/" + idOfFirst), idOfFirst);
        assertRestNotFound(server.rest(second).delete(JOBS + "/" + idOfFirst), idOfFirst);
        assertThat(restListIds(second, "")).isEmpty();
        assertThat(restListIds(first, "")).containsExactly(idOfFirst);
    }

    @Test
    void anotherApiKeyOfTheSameOrgAndSandboxSeesTheJob() {
        Tenant sameTenantOtherClient = new Tenant(a.orgId(), a.sandbox(), "another-client", a.token());
        RestClient.Response response = server.rest(sameTenantOtherClient).get(JOBS + "/" + id);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(created);
    }

    @Test
    void ownerCanStillCancelItsJobAfterOtherTenantsFailed() {
        server.rest(b).delete(JOBS + "/" + id);
        server.rest(aDev).delete(JOBS + "/" + id);
        ExportJobServiceBlockingStub owner = server.grpc().blocking(a);

        assertThat(owner.cancelExportJob(cancel(id)).getStatus()).isTrue();
        assertThat(owner.getExportJob(get(id)).getStatus().name()).isEqualTo("CANCELLED");
        assertRestNotFound(server.rest(b).get(JOBS + "/" + id), id);
    }
}
