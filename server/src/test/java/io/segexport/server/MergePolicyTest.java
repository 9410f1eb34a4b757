package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.CreateMergePolicyRequest;
import io.segexport.v1.GetMergePolicyRequest;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Merge policies over REST and gRPC: create, get, list, the built-in policy, validation and tenancy. */
class MergePolicyTest {
    static final String POLICIES = "/data/core/ups/config/mergePolicies";
    static final String BUILT_IN = "timestampOrdered-none-mp";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);

    /** A valid create body: a dataSetPrecedence policy over two datasets. */
    static String precedencePolicy(String name, String... datasets) {
        return "{\"name\": \"" + name + "\", \"schema\": {\"name\": \"_xdm.context.profile\"},"
                + " \"identityGraph\": {\"type\": \"none\"},"
                + " \"attributeMerge\": {\"type\": \"dataSetPrecedence\", \"order\": [\""
                + String.join("\", \"", datasets) + "\"]},"
                + " \"default\": false}";
    }

    static String timestampPolicy(String name) {
        return "{\"name\": \"" + name + "\", \"schema\": {\"name\": \"_xdm.context.profile\"},"
                + " \"attributeMerge\": {\"type\": \"timestampOrdered\"}}";
    }

    private String createdId(String body) {
        RestClient.Response response = rest.post(POLICIES, body);
        assertThat(response.status()).as("creating a policy: %s", response).isEqualTo(200);
        return response.json().get("id").asText();
    }

    @Test
    void createAnswersThePolicyWithItsGeneratedIdAndOutputFields() {
        long before = Instant.now().getEpochSecond();

        RestClient.Response response = rest.post(POLICIES, precedencePolicy("CRM first", "crm-dataset", "web-dataset"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode policy = response.json();
        assertThat(policy.get("id").asText()).matches(UUID);
        assertThat(policy.get("name").asText()).isEqualTo("CRM first");
        assertThat(policy.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(policy.at("/schema/name").asText()).isEqualTo("_xdm.context.profile");
        assertThat(policy.get("version").isIntegralNumber()).isTrue();
        assertThat(policy.get("version").asInt()).isEqualTo(1);
        assertThat(policy.at("/identityGraph/type").asText()).isEqualTo("none");
        assertThat(policy.at("/attributeMerge/type").asText()).isEqualTo("dataSetPrecedence");
        assertThat(policy.at("/attributeMerge/order").toString()).isEqualTo("[\"crm-dataset\",\"web-dataset\"]");
        assertThat(policy.get("default").isBoolean()).isTrue();
        assertThat(policy.get("default").booleanValue()).isFalse();
        assertThat(policy.get("updateEpoch").isIntegralNumber()).isTrue();
        assertThat(policy.get("updateEpoch").asLong())
                .isBetween(before, Instant.now().getEpochSecond());
    }

    @Test
    void createFillsTheIdentityGraphNoneWhenNotGiven() {
        JsonNode policy = rest.post(POLICIES, timestampPolicy("newest wins")).json();

        assertThat(policy.at("/identityGraph/type").asText()).isEqualTo("none");
        assertThat(policy.at("/attributeMerge/type").asText()).isEqualTo("timestampOrdered");
        assertThat(policy.at("/attributeMerge/order").isMissingNode()).isTrue();
    }

    @Test
    void createIgnoresOutputOnlyFields() {
        JsonNode policy = rest.post(POLICIES, """
                {"id": "timestampOrdered-none-mp", "imsOrgId": "other@AdobeOrg", "version": 7, "updateEpoch": 1,
                 "name": "mine", "schema": {"name": "_xdm.context.profile"}, "attributeMerge": {"type": "timestampOrdered"}}""").json();

        assertThat(policy.get("id").asText()).matches(UUID);
        assertThat(policy.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(policy.get("version").asInt()).isEqualTo(1);
        assertThat(policy.get("updateEpoch").asLong()).isGreaterThan(1);
        assertThat(rest.get(POLICIES + "/" + BUILT_IN).json().get("name").asText())
                .isEqualTo("Default Timebased");
    }

    @Test
    void getAnswersThePolicyAsCreated() {
        JsonNode created =
                rest.post(POLICIES, precedencePolicy("CRM first", "crm", "web")).json();

        RestClient.Response response =
                rest.get(POLICIES + "/" + created.get("id").asText());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(created);
    }

    @Test
    void getOfAnUnknownIdIs404NamingIt() {
        RestClient.Response response = rest.get(POLICIES + "/6b2a0c3e-0000-4000-8000-000000000000");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains("6b2a0c3e-0000-4000-8000-000000000000");
    }

    @Test
    void theBuiltInPolicyExistsForEveryTenantWithoutCreatingIt() {
        RestClient.Response response = rest.get(POLICIES + "/" + BUILT_IN);

        assertThat(response.status()).isEqualTo(200);
        JsonNode policy = response.json();
        assertThat(policy.get("id").asText()).isEqualTo(BUILT_IN);
        assertThat(policy.get("name").asText()).isEqualTo("Default Timebased");
        assertThat(policy.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(policy.get("default").booleanValue()).isTrue();
        assertThat(policy.get("version").asInt()).isEqualTo(1);
        assertThat(policy.at("/attributeMerge/type").asText()).isEqualTo("timestampOrdered");
        assertThat(policy.at("/identityGraph/type").asText()).isEqualTo("none");
        assertThat(policy.at("/schema/name").asText()).isEqualTo("_xdm.context.profile");
        assertThat(policy.get("updateEpoch").isIntegralNumber()).isTrue();
    }

    @Test
    void listOfANewTenantHoldsOnlyTheBuiltInPolicy() {
        RestClient.Response response = rest.get(POLICIES);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("children")).hasSize(1);
        assertThat(body.at("/children/0/id").asText()).isEqualTo(BUILT_IN);
        assertThat(body.at("/_page/pageSize").isIntegralNumber()).isTrue();
        assertThat(body.at("/_page/pageSize").asInt()).isEqualTo(1);
        assertThat(body.at("/_page/next").isTextual()).isTrue();
        assertThat(body.at("/_page/next").asText()).isEmpty();
    }

    @Test
    void listPutsTheBuiltInPolicyFirstThenTheCreatedOnesInIdOrder() {
        List<String> created = new ArrayList<>(List.of(
                createdId(timestampPolicy("a")), createdId(timestampPolicy("b")), createdId(timestampPolicy("c"))));
        created.sort(null);

        JsonNode body = rest.get(POLICIES + "/").json();

        assertThat(ids(body)).containsExactly(BUILT_IN, created.get(0), created.get(1), created.get(2));
        assertThat(body.at("/children/1/name").isTextual()).isTrue();
    }

    @Test
    void listPagesWalkEveryPolicyOnceWithTheNextCursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(createdId(timestampPolicy("p" + i)));
        }
        created.sort(null);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = "";
        do {
            JsonNode body = rest.get(POLICIES + "?limit=2" + (next.isEmpty() ? "" : "&start=" + next))
                    .json();
            seen.addAll(ids(body));
            pageSizes.add(body.at("/_page/pageSize").asInt());
            next = body.at("/_page/next").asText();
        } while (!next.isEmpty() && seen.size() < 10);

        assertThat(seen).containsExactly(BUILT_IN, created.get(0), created.get(1), created.get(2), created.get(3));
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    @Test
    void aPageOfOneHoldingTheBuiltInPolicyLeadsToTheCreatedOnes() {
        String id = createdId(timestampPolicy("only"));

        JsonNode first = rest.get(POLICIES + "?limit=1").json();
        JsonNode second = rest.get(
                        POLICIES + "?limit=1&start=" + first.at("/_page/next").asText())
                .json();

        assertThat(ids(first)).containsExactly(BUILT_IN);
        assertThat(first.at("/_page/next").asText()).isEqualTo(BUILT_IN);
        assertThat(ids(second)).containsExactly(id);
        assertThat(second.at("/_page/next").asText()).isEmpty();
    }

    @Test
    void anotherOrgsPolicyDoesNotExistForTheCaller() {
        String id = createdId(timestampPolicy("A's"));
        RestClient otherOrg = server.rest(Tenant.fresh());

        assertThat(otherOrg.get(POLICIES + "/" + id).status()).isEqualTo(404);
        assertThat(ids(otherOrg.get(POLICIES).json())).containsExactly(BUILT_IN);
    }

    @Test
    void aPolicyOfAnotherSandboxOfTheSameOrgDoesNotExistForTheCaller() {
        String id = createdId(timestampPolicy("prod's"));
        RestClient dev = server.rest(tenant.inSandbox("dev"));

        assertThat(dev.get(POLICIES + "/" + id).status()).isEqualTo(404);
        assertThat(ids(dev.get(POLICIES).json())).containsExactly(BUILT_IN);
    }

    @Test
    void grpcCreateThenGetAnswersTheSamePolicy() {
        MergePolicy created = server.grpc()
                .mergePolicies(tenant)
                .createMergePolicy(CreateMergePolicyRequest.newBuilder()
                        .setMergePolicy(MergePolicy.newBuilder()
                                .setName("over gRPC")
                                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                                .setAttributeMerge(AttributeMerge.newBuilder()
                                        .setType("dataSetPrecedence")
                                        .addOrder("ds1")))
                        .build());

        MergePolicy read = server.grpc()
                .mergePolicies(tenant)
                .getMergePolicy(GetMergePolicyRequest.newBuilder()
                        .setId(created.getId())
                        .build());

        assertThat(read).isEqualTo(created);
        assertThat(read.getIdentityGraph().getType()).isEqualTo("none");
        assertThat(read.getImsOrgId()).isEqualTo(tenant.orgId());
    }

    @Test
    void grpcGetOfAnotherOrgsPolicyIsNotFound() {
        String id = createdId(timestampPolicy("A's"));

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .mergePolicies(Tenant.fresh())
                        .getMergePolicy(
                                GetMergePolicyRequest.newBuilder().setId(id).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    static Stream<Arguments> badPolicies() {
        String schema = "'schema': {'name': '_xdm.context.profile'}";
        String merge = "'attributeMerge': {'type': 'timestampOrdered'}";
        String name = "'name': 'n'";
        return Stream.of(
                Arguments.of("name missing", body(schema, merge), "name"),
                Arguments.of("name blank", body("'name': '   '", schema, merge), "name"),
                Arguments.of(
                        "name of 257 characters", body("'name': '" + "x".repeat(257) + "'", schema, merge), "name"),
                Arguments.of("name is a number", body("'name': 5", schema, merge), "name"),
                Arguments.of("schema missing", body(name, merge), "schema.name"),
                Arguments.of(
                        "schema of events",
                        body(name, "'schema': {'name': '_xdm.context.experienceevent'}", merge),
                        "schema.name"),
                Arguments.of("attributeMerge missing", body(name, schema), "attributeMerge.type"),
                Arguments.of(
                        "attributeMerge.type unknown",
                        body(name, schema, "'attributeMerge': {'type': 'newestWins'}"),
                        "attributeMerge.type"),
                Arguments.of(
                        "dataSetPrecedence without order",
                        body(name, schema, "'attributeMerge': {'type': 'dataSetPrecedence'}"),
                        "attributeMerge.order"),
                Arguments.of(
                        "dataSetPrecedence with an empty order",
                        body(name, schema, "'attributeMerge': {'type': 'dataSetPrecedence', 'order': []}"),
                        "attributeMerge.order"),
                Arguments.of(
                        "order repeats a dataset",
                        body(name, schema, "'attributeMerge': {'type': 'dataSetPrecedence', 'order': ['a', 'b', 'a']}"),
                        "attributeMerge.order[2]"),
                Arguments.of(
                        "order with a path-like dataset",
                        body(name, schema, "'attributeMerge': {'type': 'dataSetPrecedence', 'order': ['a', '../b']}"),
                        "attributeMerge.order[1]"),
                Arguments.of(
                        "order with an empty dataset id",
                        body(name, schema, "'attributeMerge': {'type': 'dataSetPrecedence', 'order': ['']}"),
                        "attributeMerge.order[0]"),
                Arguments.of(
                        "timestampOrdered with an order",
                        body(name, schema, "'attributeMerge': {'type': 'timestampOrdered', 'order': ['a']}"),
                        "attributeMerge.order"),
                Arguments.of(
                        "identity graph pdg",
                        body(name, schema, merge, "'identityGraph': {'type': 'pdg'}"),
                        "identityGraph.type"),
                Arguments.of("default true", body(name, schema, merge, "'default': true"), "default"),
                Arguments.of("default is a string", body(name, schema, merge, "'default': 'yes'"), "default"),
                Arguments.of("malformed JSON", "{\"name\": ", "the body"));
    }

    private static String body(String... members) {
        return ("{" + String.join(", ", members) + "}").replace('\'', '"');
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void aBadPolicyIsRefusedNamingTheFieldAndNothingIsStored(String description, String body, String field) {
        RestClient.Response response = rest.post(POLICIES, body);

        assertThat(response.status()).as("%s: %s", description, response).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(field);
        assertThat(ids(rest.get(POLICIES).json())).containsExactly(BUILT_IN);
    }

    @Test
    void listWithLimitZeroIsRefusedNamingLimit() {
        RestClient.Response response = rest.get(POLICIES + "?limit=0");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("limit");
    }

    @Test
    void anExportJobWithAnUnknownMergePolicyIsRefusedNamingMergePolicyId() {
        RestClient.Response response =
                rest.post("/data/core/ups/export/jobs", exportJobWithPolicy(rest.createDataSet(), "no-such-policy"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("mergePolicy.id", "no-such-policy");
        assertThat(rest.get("/data/core/ups/export/jobs").json().get("records")).isEmpty();
    }

    @Test
    void anExportJobWithACreatedMergePolicyIsAccepted() {
        String id = createdId(precedencePolicy("CRM first", "crm", "web"));

        RestClient.Response response =
                rest.post("/data/core/ups/export/jobs", exportJobWithPolicy(rest.createDataSet(), id));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().at("/mergePolicy/id").asText()).isEqualTo(id);
    }

    @Test
    void anExportJobWithAnotherOrgsMergePolicyIsRefused() {
        String id = createdId(timestampPolicy("A's"));

        RestClient other = server.rest(Tenant.fresh());

        RestClient.Response response =
                other.post("/data/core/ups/export/jobs", exportJobWithPolicy(other.createDataSet(), id));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("mergePolicy.id");
    }

    private static String exportJobWithPolicy(String dataSet, String id) {
        return "{\"destination\": {\"datasetId\": \"" + dataSet
                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}," + " \"mergePolicy\": {\"id\": \"" + id
                + "\", \"version\": 1}}";
    }

    private static List<String> ids(JsonNode listBody) {
        List<String> ids = new ArrayList<>();
        listBody.path("children").forEach(policy -> ids.add(policy.get("id").asText()));
        return ids;
    }
}
