package io.segexport.server;

import static io.segexport.server.Ingest.EVENTS;
import static io.segexport.server.Ingest.PROFILES;
import static io.segexport.server.Ingest.body;
import static io.segexport.server.Ingest.lookup;
import static io.segexport.server.Ingest.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc.ProfileServiceStub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ingesting profiles and events over REST and gRPC (unary and streaming): what is kept, what is refused and why. */
class ProfileIngestTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final String crm = rest.createDataSet();
    private final String web = rest.createDataSet();

    private void assertProfileExists(String namespace, String id) {
        assertThat(rest.get(lookup(namespace, id)).status())
                .as("lookup of %s %s", namespace, id)
                .isEqualTo(200);
    }

    private void assertNoProfile(String namespace, String id) {
        assertThat(rest.get(lookup(namespace, id)).status())
                .as("lookup of %s %s", namespace, id)
                .isEqualTo(404);
    }

    private static List<String> messages(JsonNode response) {
        List<String> messages = new ArrayList<>();
        response.path("rejected")
                .forEach(rejection -> messages.add(rejection.get("message").asText()));
        return messages;
    }

    private static List<Long> indexes(JsonNode response) {
        List<Long> indexes = new ArrayList<>();
        response.path("rejected")
                .forEach(rejection -> indexes.add(rejection.get("index").asLong()));
        return indexes;
    }

    @Test
    void ingestIntoADataSetTheTenantDoesNotHaveIsRefusedNamingDatasetId() {
        String othersDataSet = server.rest(Tenant.fresh()).createDataSet();

        RestClient.Response response = rest.post(PROFILES, body(othersDataSet, record("email", "x@example.com")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .startsWith("datasetId names no dataset of this org and sandbox");
        assertThat(rest.get(lookup("email", "x@example.com")).status()).isEqualTo(404);
    }

    @Test
    void goodProfilesAreAcceptedAndCountedAsJsonNumbers() {
        RestClient.Response response = rest.post(
                PROFILES,
                body(crm, record("email", "ada@example.com", "'tier': 'gold'"), record("email", "bob@example.com")));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("accepted").isIntegralNumber()).isTrue();
        assertThat(body.get("accepted").asLong()).isEqualTo(2);
        assertThat(body.get("rejected").isArray()).isTrue();
        assertThat(body.get("rejected")).isEmpty();
        assertThat(body.get("rejectedTotal").isIntegralNumber()).isTrue();
        assertThat(body.get("rejectedTotal").asLong()).isZero();
        assertProfileExists("email", "ada@example.com");
        assertProfileExists("email", "bob@example.com");
    }

    @Test
    void badRecordsAreRejectedOneByOneNamingTheirFieldWhileGoodOnesAreKept() {
        JsonNode body = rest.post(
                        PROFILES,
                        body(
                                crm,
                                record("email", "a@example.com"),
                                "{'tier': 'gold'}",
                                record("email", "c@example.com"),
                                "{'identityMap': {}}",
                                record("email", "e@example.com", "'timestamp': 'yesterday'"),
                                "{'identityMap': {'email': [{'authenticatedState': 'ambiguous'}]}}",
                                record(
                                        "email",
                                        "g@example.com",
                                        "'segmentMembership': {'ups': {'s1': {'status': 'gone', "
                                                + "'lastQualificationTime': '2024-01-01T00:00:00Z'}}}"),
                                "{'identityMap': {'email': [{'id': 'h1', 'primary': true}, {'id': 'h2', 'primary': true}]}}"))
                .json();

        assertThat(body.get("accepted").asLong()).isEqualTo(2);
        assertThat(body.get("rejectedTotal").asLong()).isEqualTo(6);
        assertThat(indexes(body)).containsExactly(1L, 3L, 4L, 5L, 6L, 7L);
        List<String> messages = messages(body);
        assertThat(messages.get(0)).startsWith("records[1].identityMap is required");
        assertThat(messages.get(1)).startsWith("records[3].identityMap has no identity");
        assertThat(messages.get(2)).startsWith("records[4].timestamp must be an RFC 3339 timestamp");
        assertThat(messages.get(3)).startsWith("records[5].identityMap.email[0].id is required");
        assertThat(messages.get(4)).startsWith("records[6].segmentMembership.ups.s1.status must be");
        assertThat(messages.get(5)).startsWith("records[7].identityMap.email[1].primary");
        assertProfileExists("email", "a@example.com");
        assertProfileExists("email", "c@example.com");
        assertNoProfile("email", "e@example.com");
        assertNoProfile("email", "g@example.com");
    }

    static Stream<Arguments> pathLikeIdentities() {
        return Stream.of(
                Arguments.of(
                        "a parent folder",
                        "{'identityMap': {'email': [{'id': '../../etc/passwd'}]}}",
                        "records[0].identityMap.email[0].id must not be path-like"),
                Arguments.of(
                        "a slash",
                        "{'identityMap': {'email': [{'id': 'a/b'}]}}",
                        "records[0].identityMap.email[0].id must not be path-like"),
                Arguments.of(
                        "a backslash",
                        "{'identityMap': {'email': [{'id': 'a\\\\b'}]}}",
                        "records[0].identityMap.email[0].id must not be path-like"),
                Arguments.of(
                        "a NUL",
                        "{'identityMap': {'email': [{'id': 'a\\u0000b'}]}}",
                        "records[0].identityMap.email[0].id must not contain NUL"),
                Arguments.of(
                        "a control character",
                        "{'identityMap': {'email': [{'id': 'a\\nb'}]}}",
                        "records[0].identityMap.email[0].id must not contain control characters"),
                Arguments.of(
                        "an id of 257 characters",
                        "{'identityMap': {'email': [{'id': '" + "x".repeat(257) + "'}]}}",
                        "records[0].identityMap.email[0].id must be at most 256 characters"),
                Arguments.of(
                        "an empty id",
                        "{'identityMap': {'email': [{'id': ''}]}}",
                        "records[0].identityMap.email[0].id is required"),
                Arguments.of(
                        "a path-like namespace",
                        "{'identityMap': {'e/mail': [{'id': 'a'}]}}",
                        "records[0].identityMap namespace \"e/mail\" must not be path-like"),
                Arguments.of(
                        "a parent-folder namespace",
                        "{'identityMap': {'..': [{'id': 'a'}]}}",
                        "records[0].identityMap namespace \"..\" must not be path-like"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathLikeIdentities")
    void anUnsafeIdentityIsRejectedNamingIt(String description, String record, String message) {
        JsonNode body = rest.post(PROFILES, body(crm, record)).json();

        assertThat(body.get("accepted").asLong()).isZero();
        assertThat(messages(body)).singleElement().asString().startsWith(message);
    }

    @Test
    void anUnsafeEventIdIsRejectedNamingIt() {
        JsonNode body = rest.post(EVENTS, body(web, record("ecid", "E-1", "'timestamp': 1", "'_id': '../e1'")))
                .json();

        assertThat(messages(body)).singleElement().asString().startsWith("records[0]._id must not be path-like");
        assertNoProfile("ecid", "E-1");
    }

    static Stream<Arguments> badRequests() {
        String good = record("email", "a@example.com");
        return Stream.of(
                Arguments.of(
                        "datasetId missing", "{\"records\": [" + Ingest.json(good) + "]}", "datasetId is required"),
                Arguments.of("datasetId path-like", body("../crm", good), "datasetId must not be path-like"),
                Arguments.of("datasetId with a slash", body("a/b", good), "datasetId must not be path-like"),
                Arguments.of(
                        "datasetId a number",
                        "{\"datasetId\": 5, \"records\": [" + Ingest.json(good) + "]}",
                        "datasetId must be a string"),
                Arguments.of(
                        "records an object",
                        "{\"datasetId\": \"crm\", \"records\": {}}",
                        "records must be a JSON array"),
                Arguments.of(
                        "a record that is a string",
                        "{\"datasetId\": \"crm\", \"records\": [\"ada\"]}",
                        "records[0] must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedAsAWholeNamingTheFieldAndNothingIsStored(String description, String body, String detail) {
        RestClient.Response response = rest.post(PROFILES, body);

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith(detail);
        assertNoProfile("email", "a@example.com");
    }

    @Test
    void moreThan1000RecordsInOneRequestAreRefusedNamingRecords() {
        String[] records = new String[1001];
        for (int i = 0; i < records.length; i++) {
            records[i] = record("email", "p" + i);
        }

        RestClient.Response response = rest.post(PROFILES, body(crm, records));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("records holds more than 1000 records");
        assertNoProfile("email", "p0");
    }

    @Test
    void aRecordNestedTooDeeplyIsRejected() {
        String deep = "'v': 1";
        for (int i = 0; i < 40; i++) {
            deep = "'n': {" + deep + "}";
        }

        JsonNode body = rest.post(PROFILES, body(crm, record("email", "deep", deep), record("email", "flat")))
                .json();

        assertThat(body.get("accepted").asLong()).isEqualTo(1);
        assertThat(messages(body))
                .singleElement()
                .asString()
                .startsWith("records[0] nests objects and arrays deeper than 32 levels");
        assertProfileExists("email", "flat");
    }

    @Test
    void anEventNeedsATimestamp() {
        JsonNode body = rest.post(
                        EVENTS,
                        body(
                                web,
                                record("ecid", "E-1", "'eventType': 'web.webpagedetails.pageViews'"),
                                record("ecid", "E-2", "'timestamp': '2024-01-01T00:00:00Z'")))
                .json();

        assertThat(body.get("accepted").asLong()).isEqualTo(1);
        assertThat(messages(body)).singleElement().asString().startsWith("records[0].timestamp is required");
        assertNoProfile("ecid", "E-1");
        assertProfileExists("ecid", "E-2");
    }

    @Test
    void anEventForAnUnknownIdentityMakesAProfileWithOnlyItsIdentities() {
        rest.post(EVENTS, body(web, record("ecid", "E-1", "'timestamp': 1704067200000", "'web': {'page': 'home'}")));

        JsonNode entity = rest.get(lookup("ecid", "E-1")).json().at("/E-1/entity");

        assertThat(entity)
                .isEqualTo(
                        Ingest.jsonTree(
                                "{'identityMap': {'ecid': [{'id': 'E-1', 'authenticatedState': 'ambiguous', 'primary': true}]}}"));
    }

    @Test
    void concurrentRequestsAboutOneProfileLoseNoUpdate() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<RestClient.Response>> responses = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String dataset = rest.createDataSet();
                String record = record("email", "shared@example.com", "'from" + i + "': " + i);
                responses.add(pool.submit(() -> rest.post(PROFILES, body(dataset, record))));
            }
            for (Future<RestClient.Response> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS)
                                .json()
                                .get("accepted")
                                .asLong())
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode entity = rest.get(lookup("email", "shared@example.com")).json().at("/shared@example.com/entity");

        for (int i = 0; i < writers; i++) {
            assertThat(entity.path("from" + i).asInt(-1))
                    .as("attribute of dataset ds%d", i)
                    .isEqualTo(i);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // gRPC
    // ---------------------------------------------------------------------------------------------

    @Test
    void grpcIngestAnswersTheSameCountsAsRest() {
        IngestResponse response = server.grpc()
                .profiles(tenant)
                .ingestProfiles(Ingest.request(crm, record("email", "a@example.com"), "{'tier': 'gold'}"));

        assertThat(response.getAccepted()).isEqualTo(1);
        assertThat(response.getRejectedTotal()).isEqualTo(1);
        assertThat(response.getRejected(0).getIndex()).isEqualTo(1);
        assertThat(response.getRejected(0).getMessage()).startsWith("records[1].identityMap is required");
        assertProfileExists("email", "a@example.com");
    }

    /** Streams the requests through a client-streaming call; the response, or the call's failure. */
    private static CompletableFuture<IngestResponse> stream(
            Function<StreamObserver<IngestResponse>, StreamObserver<IngestRequest>> call, IngestRequest... requests) {
        CompletableFuture<IngestResponse> result = new CompletableFuture<>();
        StreamObserver<IngestRequest> upload = call.apply(new StreamObserver<>() {
            @Override
            public void onNext(IngestResponse response) {
                result.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new AssertionError("completed without a response"));
            }
        });
        for (IngestRequest request : requests) {
            upload.onNext(request);
        }
        upload.onCompleted();
        return result;
    }

    @Test
    void grpcStreamingIngestTotalsTheWholeStreamWithIndexesAcrossItsMessages() throws Exception {
        ProfileServiceStub stub = server.grpc().profilesAsync(tenant);

        IngestResponse response = stream(
                        stub::streamProfiles,
                        Ingest.request(crm, record("email", "s0"), record("email", "s1")),
                        Ingest.request(crm, record("email", "s2"), "{'identityMap': {'email': [{'id': 's/3'}]}}"),
                        Ingest.request(web, record("email", "s4"), record("email", "s0", "'fromWeb': true")))
                .get(30, TimeUnit.SECONDS);

        assertThat(response.getAccepted()).isEqualTo(5);
        assertThat(response.getRejectedTotal()).isEqualTo(1);
        assertThat(response.getRejected(0).getIndex()).isEqualTo(3);
        assertThat(response.getRejected(0).getMessage())
                .startsWith("records[3].identityMap.email[0].id must not be path-like");
        for (String id : List.of("s0", "s1", "s2", "s4")) {
            assertProfileExists("email", id);
        }
        assertThat(rest.get(lookup("email", "s0"))
                        .json()
                        .at("/s0/entity/fromWeb")
                        .booleanValue())
                .isTrue();
    }

    @Test
    void grpcStreamingEventsAreStoredLikeUnaryOnes() throws Exception {
        IngestResponse response = stream(
                        server.grpc().profilesAsync(tenant)::streamEvents,
                        Ingest.request(web, record("ecid", "E-1", "'timestamp': 1")),
                        Ingest.request(web, record("ecid", "E-2", "'timestamp': 2"), record("ecid", "E-3")))
                .get(30, TimeUnit.SECONDS);

        assertThat(response.getAccepted()).isEqualTo(2);
        assertThat(response.getRejected(0).getIndex()).isEqualTo(2);
        assertProfileExists("ecid", "E-1");
        assertProfileExists("ecid", "E-2");
        assertNoProfile("ecid", "E-3");
    }

    @Test
    void grpcStreamEndsAtAMessageWithABadDatasetIdKeepingTheMessagesBeforeIt() {
        CompletableFuture<IngestResponse> response = stream(
                server.grpc().profilesAsync(tenant)::streamProfiles,
                Ingest.request(crm, record("email", "kept")),
                Ingest.request("../crm", record("email", "refused")),
                Ingest.request(crm, record("email", "after")));

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> response.get(30, TimeUnit.SECONDS));

        assertThat(failure).hasCauseInstanceOf(StatusRuntimeException.class);
        Status status = ((StatusRuntimeException) failure.getCause()).getStatus();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("datasetId must not be path-like");
        assertProfileExists("email", "kept");
        assertNoProfile("email", "refused");
        assertNoProfile("email", "after");
    }
}
