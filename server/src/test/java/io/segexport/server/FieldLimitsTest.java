package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.ExportJob;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ListExportJobsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits on the fields of requests, on a server configured small, over REST and gRPC: at the
 * limit a request (or record) is accepted; beyond it, it is refused with a 400 (INVALID_ARGUMENT),
 * or the record rejected, naming the field and the limit.
 */
class FieldLimitsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(
            0,
            TestServer.LIMITS
                    .with("page-size", "5")
                    .with("ingest-records", "3")
                    .with("listed-rejections", "2")
                    .with("record-identities", "2")
                    .with("record-depth", "5")
                    .with("job-segments", "2")
                    .with("job-fields", "3")
                    .with("policy-datasets", "2")
                    .with("id-length", "64")
                    .with("name-length", "10")
                    .with("record-string-length", "100")
                    .with("text-length", "100"));

    private static final String POLICIES = "/data/core/ups/config/mergePolicies";
    private static final String DATA_SETS = "/data/foundation/catalog/dataSets";

    private Tenant tenant;
    private RestClient rest;
    private String dataSet;

    @BeforeEach
    void freshTenant() {
        tenant = Tenant.fresh();
        rest = server.rest(tenant);
        dataSet = rest.createDataSet();
    }

    private static void assertBadRequest(RestClient.Response response, String detail) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).isEqualTo(detail);
    }

    private static void assertInvalidArgument(Runnable call, String description) {
        assertThatExceptionOfType(StatusRuntimeException.class)
                .isThrownBy(call::run)
                .satisfies(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .satisfies(e -> assertThat(e.getStatus().getDescription()).isEqualTo(description));
    }

    /** A create request with these members besides its destination and schema (single-quoted JSON). */
    private String create(String... members) {
        StringBuilder body = new StringBuilder(
                "{'destination': {'datasetId': '" + dataSet + "'}," + " 'schema': {'name': '_xdm.context.profile'}");
        for (String member : members) {
            body.append(", ").append(member);
        }
        return Ingest.json(body.append("}").toString());
    }

    private static String segments(int count) {
        return "'filter': {'segments': ["
                + IntStream.range(0, count)
                        .mapToObj(i -> "{'segmentId': 's" + i + "'}")
                        .collect(Collectors.joining(", "))
                + "]}";
    }

    // --- page-size ---

    @Test
    void aPageOfThePageSizeIsServedAndALargerOneRefusedNamingTheLimit() {
        for (int i = 0; i < 6; i++) {
            Exports.create(rest, Requests.minimalCreate(dataSet));
        }

        assertThat(rest.get(Exports.JOBS + "?limit=5").json().get("records")).hasSize(5);
        assertBadRequest(rest.get(Exports.JOBS + "?limit=6"), "limit must be from 1 to 5 (the page-size limit), not 6");
        assertBadRequest(rest.get(POLICIES + "?limit=6"), "limit must be from 1 to 5 (the page-size limit), not 6");
        assertBadRequest(
                rest.get(SegmentDefinitionTest.DEFINITIONS + "?limit=6"),
                "limit must be from 1 to 5 (the page-size limit), not 6");
        assertInvalidArgument(
                () -> server.grpc()
                        .blocking(tenant)
                        .listExportJobs(
                                ListExportJobsRequest.newBuilder().setLimit(6).build()),
                "limit must be from 1 to 5 (the page-size limit), not 6");
    }

    @Test
    void withoutALimitAPageIsThePageSizeWhenThatIsBelowTheDefault() {
        for (int i = 0; i < 6; i++) {
            Exports.create(rest, Requests.minimalCreate(dataSet));
        }

        JsonNode page = rest.get(Exports.JOBS).json();

        assertThat(page.get("records")).hasSize(5);
        assertThat(page.at("/link/next").asText()).isNotEmpty();
    }

    // --- ingest-records and listed-rejections ---

    private static String[] profiles(int count, String prefix) {
        return IntStream.range(0, count)
                .mapToObj(i -> Ingest.record("email", prefix + i))
                .toArray(String[]::new);
    }

    @Test
    void anIngestOfTheRecordLimitIsAcceptedAndALargerOneRefusedNamingTheLimit() {
        JsonNode accepted = rest.post(Ingest.PROFILES, Ingest.body(dataSet, profiles(3, "ok")))
                .json();
        assertThat(accepted.get("accepted").asInt()).isEqualTo(3);

        assertBadRequest(
                rest.post(Ingest.PROFILES, Ingest.body(dataSet, profiles(4, "over"))),
                "records holds more than 3 records (the ingest-records limit); send them in several requests, "
                        + "or stream them over gRPC");
        assertThat(rest.get(Ingest.lookup("email", "over0")).status()).isEqualTo(404);
    }

    @Test
    void aStreamedMessageIsHeldToTheRecordLimit() throws Exception {
        IngestResponse fine = IngestStreams.send(
                server.grpc().profilesAsync(tenant)::streamProfiles,
                List.of(Ingest.request(dataSet, profiles(3, "a")), Ingest.request(dataSet, profiles(3, "b")))
                        .iterator(),
                Duration.ofSeconds(10));
        assertThat(fine.getAccepted()).isEqualTo(6);

        assertThatExceptionOfType(Exception.class)
                .isThrownBy(() -> IngestStreams.send(
                        server.grpc().profilesAsync(tenant)::streamProfiles,
                        List.of(Ingest.request(dataSet, profiles(4, "c"))).iterator(),
                        Duration.ofSeconds(10)))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getDescription())
                        .startsWith("records holds more than 3 records (the ingest-records limit)"));
    }

    @Test
    void anIngestAnswerListsRejectionsUpToTheLimitAndCountsThemAll() {
        String bad = "{'identityMap': {}}";

        JsonNode two = rest.post(Ingest.PROFILES, Ingest.body(dataSet, bad, bad, Ingest.record("email", "x")))
                .json();
        assertThat(two.get("rejected")).hasSize(2);
        assertThat(two.get("rejectedTotal").asInt()).isEqualTo(2);

        JsonNode three =
                rest.post(Ingest.PROFILES, Ingest.body(dataSet, bad, bad, bad)).json();
        assertThat(three.get("rejected")).hasSize(2);
        assertThat(three.get("rejectedTotal").asInt()).isEqualTo(3);
    }

    // --- record-identities, record-depth, record-string-length ---

    /** The messages of the rejected records of an ingest answer. */
    private static List<String> rejections(JsonNode answer) {
        List<String> messages = new ArrayList<>();
        answer.path("rejected")
                .forEach(rejected -> messages.add(rejected.get("message").asText()));
        return messages;
    }

    @Test
    void aRecordWithTheIdentityLimitIsAcceptedAndOneWithMoreRejectedNamingTheLimit() {
        JsonNode answer = rest.post(
                        Ingest.PROFILES,
                        Ingest.body(
                                dataSet,
                                "{'identityMap': {'email': [{'id': 'a1'}, {'id': 'a2'}]}}",
                                "{'identityMap': {'email': [{'id': 'b1'}, {'id': 'b2'}], 'crm': [{'id': 'b3'}]}}"))
                .json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(rejections(answer))
                .containsExactly("records[1].identityMap has more than 2 identities (the record-identities limit)");
        assertThat(rest.get(Ingest.lookup("email", "b1")).status()).isEqualTo(404);
    }

    /** A record whose attribute nests objects so that the record is {@code depth} levels deep. */
    private static String recordOfDepth(String id, int depth) {
        String nested = "1";
        for (int level = 1; level < depth; level++) {
            nested = "{'n': " + nested + "}";
        }
        return Ingest.record("email", id, "'deep': " + nested);
    }

    @Test
    void aRecordNestedToTheDepthLimitIsAcceptedAndADeeperOneRejectedNamingTheLimit() {
        JsonNode answer = rest.post(
                        Ingest.PROFILES, Ingest.body(dataSet, recordOfDepth("at", 5), recordOfDepth("over", 6)))
                .json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(rejections(answer))
                .containsExactly("records[1] nests objects and arrays deeper than 5 levels (the record-depth limit)");
        assertThat(rest.get(Ingest.lookup("email", "at")).status()).isEqualTo(200);
    }

    @Test
    void overGrpcARecordIsHeldToTheDepthLimitToo() {
        IngestResponse answer = server.grpc()
                .profiles(tenant)
                .ingestProfiles(Ingest.request(dataSet, recordOfDepth("g-at", 5), recordOfDepth("g-over", 6)));

        assertThat(answer.getAccepted()).isEqualTo(1);
        assertThat(answer.getRejected(0).getMessage())
                .isEqualTo("records[1] nests objects and arrays deeper than 5 levels (the record-depth limit)");
    }

    @Test
    void stringsAndKeysOfARecordAreHeldToTheRecordStringLimit() {
        JsonNode answer = rest.post(
                        Ingest.PROFILES,
                        Ingest.body(
                                dataSet,
                                Ingest.record(
                                        "email",
                                        "s1",
                                        "'note': '" + "x".repeat(100) + "'",
                                        "'" + "k".repeat(100) + "': 1"),
                                Ingest.record("email", "s2", "'person': {'tags': ['a', '" + "x".repeat(101) + "']}"),
                                Ingest.record("email", "s3", "'" + "k".repeat(101) + "': 1")))
                .json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(rejections(answer))
                .containsExactly(
                        "records[1].person.tags[1] must be at most 100 characters (the record-string-length limit)",
                        "records[2] has a key longer than 100 characters (the record-string-length limit): \""
                                + "k".repeat(64) + "...\"");
    }

    // --- job-segments, job-fields ---

    @Test
    void aJobWithTheSegmentLimitIsCreatedAndOneWithMoreRefusedNamingTheLimit() {
        assertThat(rest.post(Exports.JOBS, create(segments(2))).status()).isEqualTo(200);

        assertBadRequest(
                rest.post(Exports.JOBS, create(segments(3))),
                "filter.segments lists more than 2 segments (the job-segments limit)");

        assertInvalidArgument(
                () -> server.grpc()
                        .blocking(tenant)
                        .createExportJob(io.segexport.v1.CreateExportJobRequest.newBuilder()
                                .setExportJob(grpcJob(3))
                                .build()),
                "filter.segments lists more than 2 segments (the job-segments limit)");
    }

    private ExportJob grpcJob(int segments) {
        ExportJob.Builder job = ExportJob.newBuilder()
                .setDestination(io.segexport.v1.Destination.newBuilder().setDatasetId(dataSet))
                .setSchema(io.segexport.v1.Schema.newBuilder().setName("_xdm.context.profile"));
        io.segexport.v1.ExportFilter.Builder filter = io.segexport.v1.ExportFilter.newBuilder();
        for (int i = 0; i < segments; i++) {
            filter.addSegments(io.segexport.v1.SegmentFilter.newBuilder().setSegmentId("s" + i));
        }
        return job.setFilter(filter).build();
    }

    @Test
    void aJobWithTheFieldLimitIsCreatedAndOneWithMoreRefusedNamingTheLimit() {
        assertThat(rest.post(Exports.JOBS, create("'fields': 'a,b.c,d'")).status())
                .isEqualTo(200);

        assertBadRequest(
                rest.post(Exports.JOBS, create("'fields': 'a,b.c,d,e'")),
                "fields lists more than 3 paths (the job-fields limit)");
        assertBadRequest(
                rest.post(Exports.JOBS, create("'additionalFields': {'eventList': {'fields': 'a,b,c,d'}}")),
                "additionalFields.eventList.fields lists more than 3 paths (the job-fields limit)");
    }

    // --- policy-datasets ---

    private static String policy(String name, int datasets) {
        return "{\"name\": \"" + name + "\", \"schema\": {\"name\": \"_xdm.context.profile\"},"
                + " \"attributeMerge\": {\"type\": \"dataSetPrecedence\", \"order\": ["
                + IntStream.range(0, datasets).mapToObj(i -> "\"ds" + i + "\"").collect(Collectors.joining(", "))
                + "]}}";
    }

    @Test
    void aMergePolicyOfTheDatasetLimitIsCreatedAndOneWithMoreRefusedNamingTheLimit() {
        assertThat(rest.post(POLICIES, policy("two", 2)).status()).isEqualTo(200);

        assertBadRequest(
                rest.post(POLICIES, policy("three", 3)),
                "attributeMerge.order lists more than 2 datasets (the policy-datasets limit)");
    }

    // --- id-length ---

    @Test
    void idsOfTheLengthLimitAreAcceptedAndLongerOnesRefusedNamingTheLimit() {
        String atLimit = "i".repeat(64);
        String over = "i".repeat(65);
        assertThat(rest.post(Exports.JOBS, create("'filter': {'segments': [{'segmentId': '" + atLimit + "'}]}"))
                        .status())
                .isEqualTo(200);

        assertBadRequest(
                rest.post(Exports.JOBS, create("'filter': {'segments': [{'segmentId': '" + over + "'}]}")),
                "filter.segments[0].segmentId must be at most 64 characters (the id-length limit)");
        assertBadRequest(
                rest.post(Exports.JOBS, create("'fields': 'a," + over + "'")),
                "fields has a path longer than 64 characters (the id-length limit): \"" + over.substring(0, 64)
                        + "...\"");
        assertBadRequest(
                rest.get(Ingest.lookup("email", over)), "entityId must be at most 64 characters (the id-length limit)");
        JsonNode answer = rest.post(
                        Ingest.PROFILES,
                        Ingest.body(dataSet, Ingest.record("email", atLimit), Ingest.record("email", over)))
                .json();
        assertThat(rejections(answer))
                .containsExactly(
                        "records[1].identityMap.email[0].id must be at most 64 characters (the id-length limit)");
        assertThat(rest.get(Ingest.lookup("email", atLimit)).status()).isEqualTo(200);
    }

    // --- name-length and text-length ---

    private static String dataSetBody(String name, String description) {
        return "{\"name\": \"" + name + "\", \"description\": \"" + description + "\", \"schemaRef\": "
                + "{\"id\": \"https://ns.adobe.com/xdm/context/profile\", "
                + "\"contentType\": \"application/vnd.adobe.xed+json;version=1\"}}";
    }

    @Test
    void namesOfTheLengthLimitAreAcceptedAndLongerOnesRefusedNamingTheLimit() {
        assertThat(rest.post(DATA_SETS, dataSetBody("n".repeat(10), "")).status())
                .isEqualTo(200);
        assertThat(rest.post(POLICIES, policy("n".repeat(10), 1)).status()).isEqualTo(200);
        assertThat(rest.post(
                                SegmentDefinitionTest.DEFINITIONS,
                                SegmentDefinitionTest.definition("n".repeat(10), "a = 1"))
                        .status())
                .isEqualTo(200);

        assertBadRequest(
                rest.post(DATA_SETS, dataSetBody("n".repeat(11), "")),
                "name must be at most 10 characters (the name-length limit)");
        assertBadRequest(
                rest.post(POLICIES, policy("n".repeat(11), 1)),
                "name must be at most 10 characters (the name-length limit)");
        assertBadRequest(
                rest.post(SegmentDefinitionTest.DEFINITIONS, SegmentDefinitionTest.definition("n".repeat(11), "a = 1")),
                "name must be at most 10 characters (the name-length limit)");
    }

    @Test
    void textOfTheTextLimitIsAcceptedAndLongerTextRefusedNamingTheLimit() {
        assertThat(rest.post(DATA_SETS, dataSetBody("d", "x".repeat(100))).status())
                .isEqualTo(200);
        assertThat(rest.post(SegmentDefinitionTest.DEFINITIONS, definitionWithDescription("x".repeat(100)))
                        .status())
                .isEqualTo(200);

        assertBadRequest(
                rest.post(DATA_SETS, dataSetBody("d", "x".repeat(101))),
                "description must be at most 100 characters (the text-length limit)");
        assertBadRequest(
                rest.post(SegmentDefinitionTest.DEFINITIONS, definitionWithDescription("x".repeat(101))),
                "description must be at most 100 characters (the text-length limit)");
    }

    private static String definitionWithDescription(String description) {
        String body = SegmentDefinitionTest.definition("d", "a = 1");
        return body.substring(0, body.length() - 1) + ", \"description\": \"" + description + "\"}";
    }
}
