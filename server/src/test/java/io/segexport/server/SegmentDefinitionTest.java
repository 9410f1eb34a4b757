package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.segexport.v1.CreateSegmentDefinitionRequest;
import io.segexport.v1.DeleteSegmentDefinitionRequest;
import io.segexport.v1.GetSegmentDefinitionRequest;
import io.segexport.v1.ListSegmentDefinitionsRequest;
import io.segexport.v1.ListSegmentDefinitionsResponse;
import io.segexport.v1.PqlExpression;
import io.segexport.v1.Schema;
import io.segexport.v1.SegmentDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Segment definitions over REST and gRPC: create, get, list, delete, validation of every field and tenancy. */
class SegmentDefinitionTest {
    static final String DEFINITIONS = "/data/core/ups/segment/definitions";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String UNKNOWN_ID = "6b2a0c3e-0000-4000-8000-000000000000";
    private static final int MAX_EXPRESSION_BYTES = 65536;

    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);

    /** A valid create body with this PQL text (quotes in it escaped for JSON). */
    static String definition(String name, String pql) {
        return "{\"name\": \"" + name + "\", \"schema\": {\"name\": \"_xdm.context.profile\"},"
                + " \"expression\": {\"type\": \"PQL\", \"format\": \"pql/text\", \"value\": \""
                + pql.replace("\"", "\\\"") + "\"}}";
    }

    private String createdId(String body) {
        RestClient.Response response = rest.post(DEFINITIONS, body);
        assertThat(response.status()).as("creating a definition: %s", response).isEqualTo(200);
        return response.json().get("id").asText();
    }

    @Test
    void createAnswersTheDefinitionWithItsGeneratedIdAndOutputFields() {
        long before = Instant.now().toEpochMilli();

        RestClient.Response response = rest.post(DEFINITIONS, """
                {"name": "US workers", "description": "Work address in the US",
                 "schema": {"name": "_xdm.context.profile"},
                 "expression": {"type": "PQL", "format": "pql/text", "value": "workAddress.country = \\"US\\""}}""");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode definition = response.json();
        assertThat(definition.get("id").asText()).matches(UUID);
        assertThat(definition.get("name").asText()).isEqualTo("US workers");
        assertThat(definition.get("description").asText()).isEqualTo("Work address in the US");
        assertThat(definition.at("/schema/name").asText()).isEqualTo("_xdm.context.profile");
        assertThat(definition.at("/expression/type").asText()).isEqualTo("PQL");
        assertThat(definition.at("/expression/format").asText()).isEqualTo("pql/text");
        assertThat(definition.at("/expression/value").asText()).isEqualTo("workAddress.country = \"US\"");
        assertThat(definition.get("mergePolicyId").asText()).isEqualTo(MergePolicyTest.BUILT_IN);
        assertThat(definition.get("profileInstanceId").asText()).isEqualTo("ups");
        assertThat(definition.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(definition.at("/sandbox/sandboxName").asText()).isEqualTo("prod");
        assertThat(definition.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(definition.get("creationTime").asLong())
                .isBetween(before, Instant.now().toEpochMilli());
        assertThat(definition.get("updateTime").isIntegralNumber()).isTrue();
        assertThat(definition.get("updateTime").asLong())
                .isEqualTo(definition.get("creationTime").asLong());
    }

    @Test
    void createKeepsACreatedMergePolicyOfTheCaller() {
        String policy = rest.post(MergePolicyTest.POLICIES, MergePolicyTest.timestampPolicy("newest"))
                .json()
                .get("id")
                .asText();

        RestClient.Response response =
                rest.post(DEFINITIONS, withMember(definition("d", "a = 1"), "\"mergePolicyId\": \"" + policy + "\""));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("mergePolicyId").asText()).isEqualTo(policy);
    }

    @Test
    void createAcceptsTheBuiltInMergePolicyByName() {
        RestClient.Response response = rest.post(
                DEFINITIONS,
                withMember(definition("d", "a = 1"), "\"mergePolicyId\": \"" + MergePolicyTest.BUILT_IN + "\""));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("mergePolicyId").asText()).isEqualTo(MergePolicyTest.BUILT_IN);
    }

    @Test
    void createIgnoresOutputOnlyFields() {
        JsonNode definition = rest.post(
                        DEFINITIONS,
                        withMember(
                                definition("mine", "a = 1"),
                                "\"id\": \"" + UNKNOWN_ID
                                        + "\", \"imsOrgId\": \"other@AdobeOrg\", \"creationTime\": 1, \"updateTime\": 2,"
                                        + " \"profileInstanceId\": \"AAM\", \"sandbox\": {\"sandboxName\": \"dev\"}"))
                .json();

        assertThat(definition.get("id").asText()).matches(UUID).isNotEqualTo(UNKNOWN_ID);
        assertThat(definition.get("imsOrgId").asText()).isEqualTo(tenant.orgId());
        assertThat(definition.get("creationTime").asLong()).isGreaterThan(2);
        assertThat(definition.get("profileInstanceId").asText()).isEqualTo("ups");
        assertThat(definition.at("/sandbox/sandboxName").asText()).isEqualTo("prod");
    }

    @Test
    void getAnswersTheDefinitionAsCreated() {
        JsonNode created =
                rest.post(DEFINITIONS, definition("d", "person.age >= 21")).json();

        RestClient.Response response =
                rest.get(DEFINITIONS + "/" + created.get("id").asText());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(created);
    }

    @Test
    void getOfAnUnknownIdIs404NamingIt() {
        RestClient.Response response = rest.get(DEFINITIONS + "/" + UNKNOWN_ID);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(UNKNOWN_ID);
    }

    @Test
    void getOfAnIdOverTheIdLengthLimitIs400NamingId() {
        RestClient.Response response = rest.get(DEFINITIONS + "/" + "x".repeat(257));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("id ");
    }

    @Test
    void deleteAnswers204AndAGetAfterItIs404() {
        String id = createdId(definition("d", "a = 1"));

        RestClient.Response deleted = rest.delete(DEFINITIONS + "/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(rest.get(DEFINITIONS + "/" + id).status()).isEqualTo(404);
        assertThat(ids(rest.get(DEFINITIONS).json())).isEmpty();
    }

    @Test
    void deletingTwiceIs404TheSecondTime() {
        String id = createdId(definition("d", "a = 1"));
        rest.delete(DEFINITIONS + "/" + id);

        RestClient.Response again = rest.delete(DEFINITIONS + "/" + id);

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("detail").asText()).contains(id);
    }

    @Test
    void deleteOfAnIdOverTheIdLengthLimitIs400NamingId() {
        RestClient.Response response = rest.delete(DEFINITIONS + "/" + "x".repeat(257));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("id ");
    }

    @Test
    void deleteLeavesTheOtherDefinitions() {
        String kept = createdId(definition("kept", "a = 1"));
        String gone = createdId(definition("gone", "a = 2"));

        rest.delete(DEFINITIONS + "/" + gone);

        assertThat(ids(rest.get(DEFINITIONS).json())).containsExactly(kept);
    }

    @Test
    void listOfANewTenantIsEmptyWithAnEmptyNext() {
        RestClient.Response response = rest.get(DEFINITIONS);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("segments")).isEmpty();
        assertThat(body.at("/_page/pageSize").isIntegralNumber()).isTrue();
        assertThat(body.at("/_page/pageSize").asInt()).isZero();
        assertThat(body.at("/_page/next").isTextual()).isTrue();
        assertThat(body.at("/_page/next").asText()).isEmpty();
    }

    @Test
    void listHoldsTheDefinitionsInIdOrder() {
        List<String> created = new ArrayList<>(List.of(
                createdId(definition("a", "a = 1")),
                createdId(definition("b", "b = 1")),
                createdId(definition("c", "c = 1"))));
        created.sort(null);

        JsonNode body = rest.get(DEFINITIONS + "/").json();

        assertThat(ids(body)).containsExactlyElementsOf(created);
        assertThat(body.at("/segments/0/expression/value").isTextual()).isTrue();
        assertThat(body.at("/segments/0/creationTime").isIntegralNumber()).isTrue();
    }

    @Test
    void listPagesWalkEveryDefinitionOnceWithTheNextCursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createdId(definition("d" + i, "a = " + i)));
        }
        created.sort(null);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = "";
        do {
            JsonNode body = rest.get(DEFINITIONS + "?limit=2" + (next.isEmpty() ? "" : "&start=" + next))
                    .json();
            seen.addAll(ids(body));
            pageSizes.add(body.at("/_page/pageSize").asInt());
            next = body.at("/_page/next").asText();
        } while (!next.isEmpty() && seen.size() < 10);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    @Test
    void aLastPageThatIsFullHasAnEmptyNext() {
        createdId(definition("a", "a = 1"));
        createdId(definition("b", "a = 2"));

        JsonNode body = rest.get(DEFINITIONS + "?limit=2").json();

        assertThat(ids(body)).hasSize(2);
        assertThat(body.at("/_page/next").asText()).isEmpty();
    }

    @ParameterizedTest(name = "limit={0}")
    @CsvSource({"0", "1001", "-1"})
    void listWithALimitOutOfRangeIsRefusedNamingLimit(String limit) {
        RestClient.Response response = rest.get(DEFINITIONS + "?limit=" + limit);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("limit ");
    }

    @Test
    void listWithACursorThatIsNoIdIsRefusedNamingStart() {
        RestClient.Response response = rest.get(DEFINITIONS + "?start=a.b");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("start ");
    }

    @Test
    void anotherOrgsDefinitionDoesNotExistForTheCaller() {
        String id = createdId(definition("A's", "a = 1"));
        RestClient otherOrg = server.rest(Tenant.fresh());

        assertThat(otherOrg.get(DEFINITIONS + "/" + id).status()).isEqualTo(404);
        assertThat(otherOrg.delete(DEFINITIONS + "/" + id).status()).isEqualTo(404);
        assertThat(ids(otherOrg.get(DEFINITIONS).json())).isEmpty();
        assertThat(rest.get(DEFINITIONS + "/" + id).status()).isEqualTo(200);
    }

    @Test
    void aDefinitionOfAnotherSandboxOfTheSameOrgDoesNotExistForTheCaller() {
        String id = createdId(definition("prod's", "a = 1"));
        RestClient dev = server.rest(tenant.inSandbox("dev"));

        assertThat(dev.get(DEFINITIONS + "/" + id).status()).isEqualTo(404);
        assertThat(ids(dev.get(DEFINITIONS).json())).isEmpty();
    }

    @Test
    void anUnknownMergePolicyIsRefusedNamingMergePolicyId() {
        RestClient.Response response = rest.post(
                DEFINITIONS, withMember(definition("d", "a = 1"), "\"mergePolicyId\": \"" + UNKNOWN_ID + "\""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .startsWith("mergePolicyId ")
                .contains(UNKNOWN_ID);
        assertThat(ids(rest.get(DEFINITIONS).json())).isEmpty();
    }

    @Test
    void anotherOrgsMergePolicyIsRefusedNamingMergePolicyId() {
        String policy = rest.post(MergePolicyTest.POLICIES, MergePolicyTest.timestampPolicy("A's"))
                .json()
                .get("id")
                .asText();
        RestClient otherOrg = server.rest(Tenant.fresh());

        RestClient.Response response = otherOrg.post(
                DEFINITIONS, withMember(definition("d", "a = 1"), "\"mergePolicyId\": \"" + policy + "\""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("mergePolicyId ");
    }

    static Stream<Arguments> badDefinitions() {
        String name = "'name': 'n'";
        String schema = "'schema': {'name': '_xdm.context.profile'}";
        String expression = "'expression': {'type': 'PQL', 'format': 'pql/text', 'value': 'a = 1'}";
        return Stream.of(
                Arguments.of("name missing", body(schema, expression), "name"),
                Arguments.of("name blank", body("'name': '  '", schema, expression), "name"),
                Arguments.of(
                        "name of 257 characters",
                        body("'name': '" + "x".repeat(257) + "'", schema, expression),
                        "name"),
                Arguments.of("name with a control character", body("'name': 'a\\u0001b'", schema, expression), "name"),
                Arguments.of(
                        "description of 4097 characters",
                        body(name, "'description': '" + "x".repeat(4097) + "'", schema, expression),
                        "description"),
                Arguments.of("schema missing", body(name, expression), "schema.name"),
                Arguments.of(
                        "schema of events",
                        body(name, "'schema': {'name': '_xdm.context.experienceevent'}", expression),
                        "schema.name"),
                Arguments.of("expression missing", body(name, schema), "expression"),
                Arguments.of(
                        "expression.type missing",
                        body(name, schema, "'expression': {'format': 'pql/text', 'value': 'a = 1'}"),
                        "expression.type"),
                Arguments.of(
                        "expression.type SQL",
                        body(name, schema, "'expression': {'type': 'SQL', 'format': 'pql/text', 'value': 'a = 1'}"),
                        "expression.type"),
                Arguments.of(
                        "expression.format missing",
                        body(name, schema, "'expression': {'type': 'PQL', 'value': 'a = 1'}"),
                        "expression.format"),
                Arguments.of(
                        "expression.format pql/json",
                        body(name, schema, "'expression': {'type': 'PQL', 'format': 'pql/json', 'value': 'a = 1'}"),
                        "expression.format"),
                Arguments.of(
                        "expression.value missing",
                        body(name, schema, "'expression': {'type': 'PQL', 'format': 'pql/text'}"),
                        "expression.value"),
                Arguments.of(
                        "expression.value blank",
                        body(name, schema, "'expression': {'type': 'PQL', 'format': 'pql/text', 'value': ' '}"),
                        "expression.value"),
                Arguments.of(
                        "mergePolicyId over the id-length limit",
                        body(name, schema, expression, "'mergePolicyId': '" + "m".repeat(257) + "'"),
                        "mergePolicyId"),
                Arguments.of("malformed JSON", "{\"name\": ", "the body"));
    }

    private static String body(String... members) {
        return ("{" + String.join(", ", members) + "}").replace('\'', '"');
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void aBadDefinitionIsRefusedNamingTheFieldAndNothingIsStored(String description, String body, String field) {
        RestClient.Response response = rest.post(DEFINITIONS, body);

        assertThat(response.status()).as("%s: %s", description, response).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).startsWith(field + " ");
        assertThat(ids(rest.get(DEFINITIONS).json())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'a = 1 and'                      | 9  | expected a value or an attribute path, found the end of the expression",
                "'a = 1 b = 2'                    | 6  | expected \"and\", \"or\" or the end of the expression, found \"b\"",
                "'person.age >= and'              | 14 | expected a value or an attribute path, found \"and\"",
                "'(a = 1'                         | 6  | expected \")\" to close \"(\" at position 0, found the end of the expression",
                "'a in [1, 2'                     | 10 | expected \",\" or \"]\" to close the list, found the end of the expression",
                "'a.b()'                          | 2  | unknown function \"b\"",
                "'t occurs <= 7 years before now' | 14 | expected a unit (minutes, hours, days or weeks), found \"years\"",
                "'a # 1'                          | 2  | unexpected character \"#\"",
            })
    void anExpressionThatDoesNotParseIsA400GivingThePositionAndWhatWasExpected(
            String pql, int position, String expected) {
        RestClient.Response response = rest.post(DEFINITIONS, definition("d", pql));

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .startsWith("expression.value does not parse: at position " + position + ": " + expected);
        assertThat(ids(rest.get(DEFINITIONS).json())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'(', ''", "'not ', 'a = 1'", "'x.any(', ''"})
    void anExpressionNestedDeeperThanTheParserAllowsIsA400NotAFault(String opening, String inner) {
        String pql = opening.repeat((MAX_EXPRESSION_BYTES - inner.length()) / opening.length()) + inner;

        RestClient.Response response = rest.post(DEFINITIONS, definition("deep", pql));

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("expression.value does not parse: at position ");
    }

    @Test
    void aParseErrorQuotesALongTokenCutShort() {
        String pql = "a = 1 \"" + "y".repeat(10_000) + "\"";

        RestClient.Response response = rest.post(DEFINITIONS, definition("long", pql));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .startsWith("expression.value does not parse: at position 6: ")
                .hasSizeLessThan(300);
    }

    @Test
    void anExpressionOfExactlyTheSizeLimitIsAccepted() {
        String pql = expressionOfBytes(MAX_EXPRESSION_BYTES);

        RestClient.Response response = rest.post(DEFINITIONS, definition("big", pql));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().at("/expression/value").asText()).isEqualTo(pql);
    }

    @Test
    void anExpressionOneByteOverTheSizeLimitIsRefusedNamingExpressionValue() {
        RestClient.Response response =
                rest.post(DEFINITIONS, definition("too big", expressionOfBytes(MAX_EXPRESSION_BYTES + 1)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .startsWith("expression.value ")
                .contains(String.valueOf(MAX_EXPRESSION_BYTES));
    }

    @Test
    void theSizeLimitCountsUtf8BytesNotCharacters() {
        // "é" is two bytes of UTF-8: this is half the limit in characters and just over it in bytes.
        String pql = "a=\"" + "é".repeat(MAX_EXPRESSION_BYTES / 2) + "\"";

        RestClient.Response response = rest.post(DEFINITIONS, definition("accents", pql));

        assertThat(pql.length()).isLessThan(MAX_EXPRESSION_BYTES);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("expression.value ");
    }

    /** A valid expression, {@code a="xxx…"}, of exactly {@code bytes} UTF-8 bytes. */
    private static String expressionOfBytes(int bytes) {
        return "a=\"" + "x".repeat(bytes - 4) + "\"";
    }

    @Test
    void grpcCreateGetListAndDeleteAgree() {
        var stub = server.grpc().segmentDefinitions(tenant);
        SegmentDefinition created = stub.createSegmentDefinition(CreateSegmentDefinitionRequest.newBuilder()
                .setSegmentDefinition(SegmentDefinition.newBuilder()
                        .setName("over gRPC")
                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                        .setExpression(PqlExpression.newBuilder()
                                .setType("PQL")
                                .setFormat("pql/text")
                                .setValue("a = 1")))
                .build());

        SegmentDefinition read = stub.getSegmentDefinition(
                GetSegmentDefinitionRequest.newBuilder().setId(created.getId()).build());
        ListSegmentDefinitionsResponse listed =
                stub.listSegmentDefinitions(ListSegmentDefinitionsRequest.getDefaultInstance());
        stub.deleteSegmentDefinition(DeleteSegmentDefinitionRequest.newBuilder()
                .setId(created.getId())
                .build());

        assertThat(read).isEqualTo(created);
        assertThat(listed.getSegmentsList()).containsExactly(created);
        assertThat(created.getMergePolicyId()).isEqualTo(MergePolicyTest.BUILT_IN);
        assertThat(created.getImsOrgId()).isEqualTo(tenant.orgId());
        assertThat(stub.listSegmentDefinitions(ListSegmentDefinitionsRequest.getDefaultInstance())
                        .getSegmentsList())
                .isEmpty();
    }

    @Test
    void grpcGetOfAnotherOrgsDefinitionIsNotFound() {
        String id = createdId(definition("A's", "a = 1"));

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .segmentDefinitions(Tenant.fresh())
                        .getSegmentDefinition(GetSegmentDefinitionRequest.newBuilder()
                                .setId(id)
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void grpcDeleteOfAnUnknownIdIsNotFound() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .segmentDefinitions(tenant)
                        .deleteSegmentDefinition(DeleteSegmentDefinitionRequest.newBuilder()
                                .setId(UNKNOWN_ID)
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void grpcGetWithoutAnIdIsInvalidNamingId() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .segmentDefinitions(tenant)
                        .getSegmentDefinition(GetSegmentDefinitionRequest.getDefaultInstance()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("id ");
    }

    @Test
    void grpcDeleteOfAnIdWithAControlCharacterIsInvalidNamingId() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .segmentDefinitions(tenant)
                        .deleteSegmentDefinition(DeleteSegmentDefinitionRequest.newBuilder()
                                .setId("a\u0001b")
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("id ");
    }

    @Test
    void grpcAnExpressionThatDoesNotParseCarriesAFieldViolationOfExpressionValue() throws Exception {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .segmentDefinitions(tenant)
                        .createSegmentDefinition(CreateSegmentDefinitionRequest.newBuilder()
                                .setSegmentDefinition(SegmentDefinition.newBuilder()
                                        .setName("bad")
                                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                                        .setExpression(PqlExpression.newBuilder()
                                                .setType("PQL")
                                                .setFormat("pql/text")
                                                .setValue("a = 1 and")))
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        BadRequest badRequest = null;
        for (Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                badRequest = detail.unpack(BadRequest.class);
            }
        }
        assertThat(badRequest).isNotNull();
        assertThat(badRequest.getFieldViolations(0).getField()).isEqualTo("expression.value");
        assertThat(badRequest.getFieldViolations(0).getDescription())
                .contains("at position 9: expected a value or an attribute path");
    }

    @Test
    void theDocsPageListsTheServiceAndItsRestPath() {
        RestClient.Response spec = rest.get("/docs/specification.json");

        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.body())
                .contains("segexport.v1.SegmentDefinitionService", DEFINITIONS, "Creates a segment definition");
    }

    private static String withMember(String body, String member) {
        return body.substring(0, body.length() - 1) + ", " + member + "}";
    }

    private static List<String> ids(JsonNode listBody) {
        List<String> ids = new ArrayList<>();
        listBody.path("segments")
                .forEach(definition -> ids.add(definition.get("id").asText()));
        return ids;
    }
}
