package io.segexport.server;

import static io.segexport.server.Ingest.ENTITIES;
import static io.segexport.server.Ingest.EVENTS;
import static io.segexport.server.Ingest.PROFILES;
import static io.segexport.server.Ingest.body;
import static io.segexport.server.Ingest.jsonTree;
import static io.segexport.server.Ingest.lookup;
import static io.segexport.server.Ingest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.Entity;
import io.segexport.v1.GetEntitiesRequest;
import io.segexport.v1.GetEntitiesResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Looking up a merged profile by one of its identities (GET /access/entities): the platform's
 * response shape, both merge policies on conflicting fragments, segment memberships, bad parameters
 * and tenancy.
 */
class EntityLookupTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final String crm = rest.createDataSet();
    private final String web = rest.createDataSet();

    /** Ada's CRM record, older, and her web record, newer, disagreeing on some attributes. */
    private static final String CRM_RECORD = """
            {'identityMap': {'email': [{'id': 'ada@example.com', 'primary': true}],
                             'crmId': [{'id': 'C-1', 'authenticatedState': 'authenticated'}]},
             'timestamp': '2024-01-01T00:00:00Z',
             'person': {'name': {'firstName': 'Ada', 'lastName': 'Lovelace'}, 'birthYear': 1815},
             'loyalty': {'tier': 'gold', 'points': 100},
             'interests': ['math', 'poetry']}""";

    private static final String WEB_RECORD = """
            {'identityMap': {'email': [{'id': 'ada@example.com'}]},
             'timestamp': 1706745600000,
             'person': {'name': {'firstName': 'Augusta'}},
             'loyalty': {'points': 250},
             'interests': ['engines'],
             'homeAddress': {'city': 'London'}}""";
    private static final String ADA_IDENTITIES = """
            'identityMap': {'email': [{'id': 'ada@example.com', 'authenticatedState': 'ambiguous', 'primary': true}],
                            'crmId': [{'id': 'C-1', 'authenticatedState': 'authenticated', 'primary': false}]}""";

    private void ingestAda() {
        assertThat(rest.post(PROFILES, body(crm, CRM_RECORD))
                        .json()
                        .get("accepted")
                        .asLong())
                .isEqualTo(1);
        assertThat(rest.post(PROFILES, body(web, WEB_RECORD))
                        .json()
                        .get("accepted")
                        .asLong())
                .isEqualTo(1);
    }

    private JsonNode entity(String query, String entityId) {
        RestClient.Response response = rest.get(ENTITIES + "?" + query);
        assertThat(response.status()).as("lookup %s: %s", query, response).isEqualTo(200);
        return response.json().get(entityId);
    }

    @Test
    void theAnswerIsThePlatformsShapeKeyedByTheEntityId() {
        Instant before = Instant.now();
        ingestAda();

        RestClient.Response response = rest.get(lookup("email", "ada@example.com"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.size()).isEqualTo(1);
        JsonNode found = body.get("ada@example.com");
        assertThat(found.get("entityId").asText()).isEqualTo("ada@example.com");
        assertThat(found.get("entity").isObject()).isTrue();
        assertThat(found.at("/mergePolicy/id").asText()).isEqualTo("timestampOrdered-none-mp");
        assertThat(found.get("mergePolicy").size()).isEqualTo(1);
        Instant lastModified = Instant.parse(found.get("lastModifiedAt").asText());
        assertThat(lastModified)
                .isBetween(before.minus(Duration.ofSeconds(1)), Instant.now().plus(Duration.ofSeconds(1)));
        assertThat(found.get("lastModifiedAt").asText()).endsWith("Z");
    }

    @Test
    void timestampOrderedTakesEachAttributeFromTheNewestFragmentThatHasIt() {
        ingestAda();

        JsonNode entity = entity(
                        "entityId=ada@example.com&entityIdNS=email&mergePolicyId=timestampOrdered-none-mp",
                        "ada@example.com")
                .get("entity");

        assertThat(entity).isEqualTo(jsonTree("""
                {'timestamp': 1706745600000,
                 'person': {'name': {'firstName': 'Augusta', 'lastName': 'Lovelace'}, 'birthYear': 1815},
                 'loyalty': {'points': 250, 'tier': 'gold'},
                 'interests': ['engines'],
                 'homeAddress': {'city': 'London'},""" + ADA_IDENTITIES + "}"));
    }

    @Test
    void dataSetPrecedenceTakesEachAttributeFromTheFirstListedDatasetThatHasIt() {
        ingestAda();
        String policyId = rest.post(MergePolicyTest.POLICIES, MergePolicyTest.precedencePolicy("CRM first", crm, web))
                .json()
                .get("id")
                .asText();

        JsonNode found =
                entity("entityId=ada@example.com&entityIdNS=email&mergePolicyId=" + policyId, "ada@example.com");

        assertThat(found.at("/mergePolicy/id").asText()).isEqualTo(policyId);
        assertThat(found.get("entity")).isEqualTo(jsonTree("""
                {'timestamp': '2024-01-01T00:00:00Z',
                 'person': {'name': {'firstName': 'Ada', 'lastName': 'Lovelace'}, 'birthYear': 1815},
                 'loyalty': {'tier': 'gold', 'points': 100},
                 'interests': ['math', 'poetry'],
                 'homeAddress': {'city': 'London'},""" + ADA_IDENTITIES + "}"));
    }

    @Test
    void anyIdentityOfTheProfileFindsIt() {
        ingestAda();

        JsonNode byEmail = entity("entityId=ada@example.com&entityIdNS=email", "ada@example.com");
        JsonNode byCrmId = entity("entityId=C-1&entityIdNS=crmId", "C-1");

        assertThat(byCrmId.get("entityId").asText()).isEqualTo("C-1");
        assertThat(byCrmId.get("entity")).isEqualTo(byEmail.get("entity"));
    }

    @Test
    void segmentMembershipsMergeKeepingTheLatestQualificationOfEachSegment() {
        rest.post(PROFILES, body(crm, record("email", "m@example.com", """
                'segmentMembership': {'ups': {
                    's1': {'status': 'realized', 'lastQualificationTime': '2024-01-01T00:00:00Z', 'version': 1},
                    's2': {'status': 'existing', 'lastQualificationTime': '2024-03-01T02:00:00+02:00'}}}""")));
        rest.post(PROFILES, body(web, record("email", "m@example.com", """
                'segmentMembership': {
                    'ups': {'s1': {'status': 'EXITED', 'lastQualificationTime': '2024-02-01T00:00:00Z', 'version': 2},
                            's2': {'status': 'exited', 'lastQualificationTime': '2024-02-01T00:00:00Z'}},
                    'aam': {'s3': {'status': 'realized', 'lastQualificationTime': '2024-01-15T00:00:00Z'}}}""")));

        JsonNode entity = entity("entityId=m@example.com&entityIdNS=email", "m@example.com")
                .get("entity");

        assertThat(entity.get("segmentMembership")).isEqualTo(jsonTree("""
                {'ups': {'s1': {'status': 'exited', 'lastQualificationTime': '2024-02-01T00:00:00Z', 'version': 2},
                         's2': {'status': 'existing', 'lastQualificationTime': '2024-03-01T00:00:00Z'}},
                 'aam': {'s3': {'status': 'realized', 'lastQualificationTime': '2024-01-15T00:00:00Z'}}}"""));
    }

    @Test
    void aProfileKnownOnlyFromEventsHasOnlyItsIdentities() {
        rest.post(EVENTS, body(web, """
                {'identityMap': {'ecid': [{'id': 'E-1'}], 'email': [{'id': 'e@example.com', 'primary': true}]},
                 'timestamp': '2024-01-01T00:00:00Z', 'eventType': 'commerce.purchases'}"""));

        JsonNode entity = entity("entityId=E-1&entityIdNS=ecid", "E-1").get("entity");

        assertThat(entity).isEqualTo(jsonTree("""
                {'identityMap': {'email': [{'id': 'e@example.com', 'authenticatedState': 'ambiguous', 'primary': true}],
                                 'ecid': [{'id': 'E-1', 'authenticatedState': 'ambiguous', 'primary': false}]}}"""));
    }

    @Test
    void anUnknownIdentityIs404NamingIt() {
        RestClient.Response response = rest.get(lookup("email", "nobody@example.com"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains("email", "nobody@example.com");
    }

    static Stream<Arguments> badLookups() {
        return Stream.of(
                Arguments.of("entityId missing", "entityIdNS=email", "entityId is required"),
                Arguments.of("entityId empty", "entityId=&entityIdNS=email", "entityId is required"),
                Arguments.of("entityIdNS missing", "entityId=ada@example.com", "entityIdNS is required"),
                Arguments.of(
                        "entityId with a parent folder inside",
                        "entityId=a..b&entityIdNS=email",
                        "entityId must not be path-like"),
                Arguments.of(
                        "entityId with a slash", "entityId=a%2Fb&entityIdNS=email", "entityId must not be path-like"),
                Arguments.of(
                        "entityId with a backslash",
                        "entityId=a%5Cb&entityIdNS=email",
                        "entityId must not be path-like"),
                Arguments.of(
                        "entityId with a control character",
                        "entityId=a%0Ab&entityIdNS=email",
                        "entityId must not contain control characters"),
                Arguments.of(
                        "entityIdNS path-like", "entityId=a&entityIdNS=e%2Fmail", "entityIdNS must not be path-like"),
                Arguments.of(
                        "unknown mergePolicyId",
                        "entityId=a&entityIdNS=email&mergePolicyId=no-such-policy",
                        "mergePolicyId is not a merge policy"),
                Arguments.of(
                        "entityId given twice",
                        "entityId=a&entityId=b&entityIdNS=email",
                        "entityId must be given once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLookups")
    void aBadLookupIs400NamingTheParameter(String description, String query, String detail) {
        RestClient.Response response = rest.get(ENTITIES + "?" + query);

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    /** Targets the HTTP layer (Armeria) refuses before routing: still a 400 with problem details. */
    static Stream<Arguments> refusedTargets() {
        return Stream.of(
                Arguments.of("entityId a parent folder", "entityId=..%2F..%2Fetc&entityIdNS=email"),
                Arguments.of("entityId with a NUL", "entityId=a%00b&entityIdNS=email"),
                Arguments.of("entityIdNS a parent folder", "entityId=a&entityIdNS=.."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTargets")
    void aLookupTheHttpLayerRefusesIs400SayingWhy(String description, String query) {
        RestClient.Response response = rest.get(ENTITIES + "?" + query);

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains("request target was refused", "\"..\"", "NUL");
    }

    @Test
    void grpcLookupOfAPathLikeIdIsInvalidArgumentNamingEntityId() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .profiles(tenant)
                        .getEntities(GetEntitiesRequest.newBuilder()
                                .setEntityId("../../etc")
                                .setEntityIdNs("email")
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("entityId must not be path-like");
    }

    @Test
    void grpcLookupOfANulInTheNamespaceIsInvalidArgumentNamingEntityIdNs() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .profiles(tenant)
                        .getEntities(GetEntitiesRequest.newBuilder()
                                .setEntityId("a")
                                .setEntityIdNs("e\0mail")
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("entityIdNS must not contain NUL");
    }

    @Test
    void anotherOrgCannotLookUpTheProfile() {
        ingestAda();

        RestClient.Response response = server.rest(Tenant.fresh()).get(lookup("email", "ada@example.com"));

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void anotherSandboxOfTheSameOrgCannotLookUpTheProfile() {
        ingestAda();

        assertThat(server.rest(tenant.inSandbox("dev"))
                        .get(lookup("email", "ada@example.com"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void twoOrgsWithTheSameIdentityHaveTwoProfiles() {
        Tenant other = Tenant.fresh();
        rest.post(PROFILES, body(crm, record("email", "same@example.com", "'owner': 'A'")));
        server.rest(other)
                .post(
                        PROFILES,
                        body(server.rest(other).createDataSet(), record("email", "same@example.com", "'owner': 'B'")));

        assertThat(entity("entityId=same@example.com&entityIdNS=email", "same@example.com")
                        .at("/entity/owner")
                        .asText())
                .isEqualTo("A");
        assertThat(server.rest(other)
                        .get(lookup("email", "same@example.com"))
                        .json()
                        .at("/same@example.com/entity/owner")
                        .asText())
                .isEqualTo("B");
    }

    @Test
    void anotherOrgsMergePolicyCannotBeUsed() {
        ingestAda();
        String othersPolicy = server.rest(Tenant.fresh())
                .post(MergePolicyTest.POLICIES, MergePolicyTest.timestampPolicy("B's"))
                .json()
                .get("id")
                .asText();

        RestClient.Response response = rest.get(lookup("email", "ada@example.com") + "&mergePolicyId=" + othersPolicy);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("mergePolicyId");
    }

    @Test
    void grpcLookupAnswersTheEntityInTheMap() {
        ingestAda();

        GetEntitiesResponse response = server.grpc()
                .profiles(tenant)
                .getEntities(GetEntitiesRequest.newBuilder()
                        .setEntityId("C-1")
                        .setEntityIdNs("crmId")
                        .build());

        Entity entity = response.getEntitiesOrThrow("C-1");
        assertThat(response.getEntitiesCount()).isEqualTo(1);
        assertThat(entity.getEntityId()).isEqualTo("C-1");
        assertThat(entity.getMergePolicy().getId()).isEqualTo("timestampOrdered-none-mp");
        assertThat(entity.getEntity()
                        .getFieldsOrThrow("homeAddress")
                        .getStructValue()
                        .getFieldsOrThrow("city")
                        .getStringValue())
                .isEqualTo("London");
    }

    @Test
    void grpcLookupOfAnotherOrgsProfileIsNotFound() {
        ingestAda();

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> server.grpc()
                        .profiles(Tenant.fresh())
                        .getEntities(GetEntitiesRequest.newBuilder()
                                .setEntityId("C-1")
                                .setEntityIdNs("crmId")
                                .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
}
