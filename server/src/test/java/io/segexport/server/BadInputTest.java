package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests of every kind, over REST and gRPC: each is refused with the right status and error
 * shape, its message names the field, parameter or header at fault, and nothing is stored.
 */
class BadInputTest {
    private static final String JOBS = "/data/core/ups/export/jobs";
    private static final String SHORT_JOBS = "/export/jobs";
    private static final String DATASET = Requests.DOCUMENTED_DATASET;
    private static final String DESTINATION = "'destination': {'datasetId': '" + DATASET + "'}";
    private static final String SCHEMA = "'schema': {'name': '_xdm.context.profile'}";

    @RegisterExtension
    static final SharedServer server = new SharedServer();

    // ---------------------------------------------------------------------------------------------
    // REST
    // ---------------------------------------------------------------------------------------------

    enum Shape {
        PROBLEM,
        GATEWAY
    }

    /**
     * One bad request and what must come back.
     *
     * @param headers header changes: a value replaces the header, null removes it
     * @param errorCode the gateway error code, for the gateway shape
     * @param mentions what the message (detail or message) must contain
     */
    record Case(
            String method,
            String path,
            String body,
            Map<String, String> headers,
            int status,
            Shape shape,
            String errorCode,
            String mentions) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Builds a {@link Case}. */
    private static final class CaseBuilder {
        private final String method;
        private final String path;
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        CaseBuilder(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        CaseBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        CaseBuilder without(String name) {
            headers.put(name, null);
            return this;
        }

        Case problem(int status, String mentions) {
            return new Case(method, path, body, headers, status, Shape.PROBLEM, null, mentions);
        }

        Case gateway(int status, String errorCode, String mentions) {
            return new Case(method, path, body, headers, status, Shape.GATEWAY, errorCode, mentions);
        }
    }

    private static CaseBuilder post(String body) {
        return new CaseBuilder("POST", JOBS, body);
    }

    private static CaseBuilder get(String path) {
        return new CaseBuilder("GET", path, null);
    }

    private static CaseBuilder delete(String path) {
        return new CaseBuilder("DELETE", path, null);
    }

    private static CaseBuilder send(String method, String path, String body) {
        return new CaseBuilder(method, path, body);
    }

    /** JSON written with single quotes, for readability. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A create body of the given members (single-quoted JSON members, comma-joined). */
    private static String body(String... members) {
        return json("{" + String.join(", ", members) + "}");
    }

    /** A valid create body plus the given members. */
    private static String valid(String... members) {
        List<String> all = new ArrayList<>(List.of(DESTINATION, SCHEMA));
        all.addAll(List.of(members));
        return body(all.toArray(String[]::new));
    }

    private static String window(String startTime, String endTime) {
        return "'filter': {'segmentQualificationTime': {'startTime': '" + startTime + "', 'endTime': '" + endTime
                + "'}}";
    }

    private static String events(String from, String to) {
        return "'additionalFields': {'eventList': {'fields': 'string', 'filter': {'fromIngestTimestamp': '" + from
                + "', 'toIngestTimestamp': '" + to + "'}}}";
    }

    private static Arguments c(String description, Case badCase) {
        return Arguments.of(description, badCase);
    }

    static Stream<Arguments> cases() {
        String valid = Requests.minimalCreate(DATASET);
        return Stream.of(
                // --- the body is not a JSON object ---
                c(
                        "malformed JSON",
                        post("{\"destination\": {\"datasetId\": \"x\"},, }").problem(400, "the body")),
                c(
                        "truncated JSON",
                        post("{\"destination\": {\"datasetId\": \"5b7c8696").problem(400, "the body")),
                c("empty body", post("").problem(400, "the body")),
                c("JSON array as body", post("[" + valid + "]").problem(400, "the body")),
                c("JSON string as body", post("\"" + DATASET + "\"").problem(400, "the body")),
                c("JSON number as body", post("42").problem(400, "the body")),
                c("JSON null as body", post("null").problem(400, "the body")),
                c("content after the JSON object", post(valid + " {}").problem(400, "the body")),
                c("duplicate key", post(body(DESTINATION, SCHEMA, DESTINATION)).problem(400, "destination")),

                // --- wrong JSON types ---
                c(
                        "destination is a string",
                        post(body("'destination': '" + DATASET + "'", SCHEMA)).problem(400, "destination")),
                c(
                        "destination.segmentPerBatch is \"yes\"",
                        post(body("'destination': {'datasetId': '" + DATASET + "', 'segmentPerBatch': 'yes'}", SCHEMA))
                                .problem(400, "destination.segmentPerBatch")),
                c(
                        "filter.segments is an object, not an array",
                        post(valid("'filter': {'segments': {'segmentId': 'a'}}"))
                                .problem(400, "filter.segments")),
                c(
                        "a segment status is a number",
                        post(valid("'filter': {'segments': [{'segmentId': 'a', 'status': [1]}]}"))
                                .problem(400, "filter.segments[0].status[0]")),
                c(
                        "mergePolicy.version is \"abc\"",
                        post(valid("'mergePolicy': {'id': 'timestampOrdered-none-mp', 'version': 'abc'}"))
                                .problem(400, "mergePolicy.version")),
                c(
                        "mergePolicy.version is 1.5",
                        post(valid("'mergePolicy': {'id': 'timestampOrdered-none-mp', 'version': 1.5}"))
                                .problem(400, "mergePolicy.version")),
                c(
                        "mergePolicy.version is beyond int32",
                        post(valid("'mergePolicy': {'version': 2147483648}")).problem(400, "mergePolicy.version")),
                c(
                        "mergePolicy.version is negative",
                        post(valid("'mergePolicy': {'id': 'timestampOrdered-none-mp', 'version': -1}"))
                                .problem(400, "mergePolicy.version")),
                c(
                        "schema.name is a number",
                        post(body(DESTINATION, "'schema': {'name': 7}")).problem(400, "schema.name")),

                // --- required fields ---
                c("destination missing", post(body(SCHEMA)).problem(400, "destination")),
                c(
                        "destination.datasetId missing",
                        post(body("'destination': {'segmentPerBatch': false}", SCHEMA))
                                .problem(400, "destination.datasetId")),
                c(
                        "destination.datasetId blank",
                        post(body("'destination': {'datasetId': '   '}", SCHEMA))
                                .problem(400, "destination.datasetId")),
                c(
                        "destination.dataSetId differs from datasetId",
                        post(body("'destination': {'datasetId': '" + DATASET + "', 'dataSetId': 'other'}", SCHEMA))
                                .problem(400, "destination.dataSetId")),
                c("schema missing", post(body(DESTINATION)).problem(400, "schema.name")),
                c("schema.name missing", post(body(DESTINATION, "'schema': {}")).problem(400, "schema.name")),
                c(
                        "schema.name wrong",
                        post(body(DESTINATION, "'schema': {'name': '_xdm.context.experienceevent'}"))
                                .problem(400, "schema.name")),
                c(
                        "a segment without segmentId",
                        post(valid("'filter': {'segments': [{'segmentNs': 'ups', 'status': ['realized']}]}"))
                                .problem(400, "filter.segments[0].segmentId")),
                c(
                        "an unknown segment status",
                        post(valid("'filter': {'segments': [{'segmentId': 'a', 'status': ['realized', 'gone']}]}"))
                                .problem(400, "filter.segments[0].status[1]")),

                // --- timestamps ---
                c(
                        "startTime is a date without time",
                        post(valid(window("2018-01-01", "2018-02-01T00:00:00Z")))
                                .problem(400, "filter.segmentQualificationTime.startTime")),
                c(
                        "startTime without seconds",
                        post(valid(window("2018-01-01T00:00Z", "2018-02-01T00:00:00Z")))
                                .problem(400, "filter.segmentQualificationTime.startTime")),
                c(
                        "endTime without offset",
                        post(valid(window("2018-01-01T00:00:00Z", "2018-02-01T00:00:00")))
                                .problem(400, "filter.segmentQualificationTime.endTime")),
                c(
                        "filter.fromIngestTimestamp as epoch millis",
                        post(valid("'filter': {'fromIngestTimestamp': '1514764800000'}"))
                                .problem(400, "filter.fromIngestTimestamp")),
                c(
                        "eventList fromIngestTimestamp in US format",
                        post(valid(events("01/01/2018", "2020-01-01T00:00:00Z")))
                                .problem(400, "additionalFields.eventList.filter.fromIngestTimestamp")),
                c(
                        "eventList toIngestTimestamp with month 13",
                        post(valid(events("2018-01-01T00:00:00Z", "2020-13-01T00:00:00Z")))
                                .problem(400, "additionalFields.eventList.filter.toIngestTimestamp")),
                c(
                        "startTime after endTime",
                        post(valid(window("2018-03-01T00:00:00Z", "2018-02-01T00:00:00Z")))
                                .problem(400, "filter.segmentQualificationTime")),
                c(
                        "fromIngestTimestamp after toIngestTimestamp",
                        post(valid(events("2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z")))
                                .problem(400, "additionalFields.eventList.filter")),

                // --- other create rules ---
                c(
                        "segmentPerBatch true with no segments",
                        post(body("'destination': {'datasetId': '" + DATASET + "', 'segmentPerBatch': true}", SCHEMA))
                                .problem(400, "destination.segmentPerBatch")),
                c(
                        "fields with an empty path",
                        post(valid("'fields': 'identities..id'")).problem(400, "fields must")),
                c(
                        "fields with a space inside a path",
                        post(valid("'fields': 'identities.id,personal Email'")).problem(400, "fields must")),
                c(
                        "eventList fields with a bad path",
                        post(valid("'additionalFields': {'eventList': {'fields': 'a,,b'}}"))
                                .problem(400, "additionalFields.eventList.fields")),

                // --- list parameters ---
                c("limit 0", get(JOBS + "?limit=0").problem(400, "limit")),
                c("limit -1", get(JOBS + "?limit=-1").problem(400, "limit")),
                c("limit abc", get(JOBS + "?limit=abc").problem(400, "limit")),
                c("limit 1.5", get(JOBS + "?limit=1.5").problem(400, "limit")),
                c("limit empty", get(JOBS + "?limit=").problem(400, "limit")),
                c("limit beyond int32", get(JOBS + "?limit=99999999999").problem(400, "limit")),
                c("limit beyond the maximum 1000", get(JOBS + "?limit=1001").problem(400, "limit")),
                c("limit given twice", get(JOBS + "?limit=10&limit=20").problem(400, "limit")),
                c("limit 0 on the short path", get(SHORT_JOBS + "/?limit=0").problem(400, "limit")),
                c("unknown status filter", get(JOBS + "?status=DONE").problem(400, "status")),
                c("malformed offset", get(JOBS + "?offset=abc").problem(400, "offset")),
                c("offset with a negative part", get(JOBS + "?offset=-1_5").problem(400, "offset")),

                // --- job ids ---
                c("non-numeric id on GET", get(JOBS + "/abc").problem(400, "path parameter id")),
                c("non-numeric id on DELETE", delete(JOBS + "/abc").problem(400, "path parameter id")),
                c("fractional id on GET", get(JOBS + "/1.5").problem(400, "path parameter id")),
                c("id beyond int64 on GET", get(JOBS + "/99999999999999999999").problem(400, "path parameter id")),
                c("non-numeric id on the short path", get(SHORT_JOBS + "/abc").problem(400, "path parameter id")),
                c("unknown id on GET", get(JOBS + "/987654321987").problem(404, "987654321987")),
                c("unknown id on DELETE", delete(JOBS + "/987654321987").problem(404, "987654321987")),

                // --- headers ---
                c(
                        "Authorization missing",
                        post(valid).without("Authorization").gateway(403, "403010", "Authorization")),
                c("x-api-key missing", post(valid).without("x-api-key").gateway(403, "403000", "x-api-key")),
                c(
                        "x-gw-ims-org-id missing",
                        post(valid).without("x-gw-ims-org-id").gateway(400, "400003", "x-gw-ims-org-id")),
                c(
                        "x-sandbox-name missing",
                        post(valid).without("x-sandbox-name").gateway(400, "400004", "x-sandbox-name")),
                c(
                        "wrong token",
                        post(valid)
                                .header("Authorization", "Bearer not-the-token")
                                .gateway(401, "401013", "Authorization")),
                c(
                        "wrong token on GET",
                        get(JOBS)
                                .header("Authorization", "Bearer not-the-token")
                                .gateway(401, "401013", "Authorization")),
                c(
                        "Authorization \"Token x\"",
                        post(valid)
                                .header("Authorization", "Token " + TestServer.TOKEN)
                                .gateway(401, "401013", "Authorization")),
                c(
                        "Authorization without scheme",
                        post(valid).header("Authorization", TestServer.TOKEN).gateway(401, "401013", "Authorization")),
                c(
                        "bad x-gw-ims-org-id",
                        post(valid).header("x-gw-ims-org-id", "not an org!").gateway(400, "400003", "x-gw-ims-org-id")),
                c(
                        "bad x-sandbox-name",
                        post(valid).header("x-sandbox-name", "prod/../dev").gateway(400, "400004", "x-sandbox-name")),
                c(
                        "POST with Content-Type text/plain",
                        post(valid).header("Content-Type", "text/plain").problem(415, "Content-Type")),
                c(
                        "POST without Content-Type",
                        post(valid).without("Content-Type").problem(415, "Content-Type")),

                // --- methods ---
                c("PUT on a job path", send("PUT", JOBS + "/1", valid).problem(405, "PUT is not allowed")),
                c("POST on a job path", send("POST", JOBS + "/1", valid).problem(405, "POST is not allowed")),
                c("PATCH on the collection", send("PATCH", JOBS, valid).problem(405, "PATCH is not allowed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequestIsRefusedAndNothingIsStored(String description, Case badCase) {
        Tenant tenant = Tenant.fresh();
        RestClient client = server.rest(tenant);
        for (Map.Entry<String, String> change : badCase.headers().entrySet()) {
            client = client.withHeader(change.getKey(), change.getValue());
        }
        RestClient.Response response = client.send(badCase.method(), badCase.path(), badCase.body());

        SoftAssertions softly = new SoftAssertions();
        String at = "[" + description + "] ";
        softly.assertThat(response.status())
                .as(at + "HTTP status of %s (body %s)", badCase, response.body())
                .isEqualTo(badCase.status());
        softly.assertThat(response.headers().map().keySet())
                .as(at + "response header names")
                .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("grpc-"));
        String contentType = String.valueOf(response.header("content-type")).toLowerCase(Locale.ROOT);
        JsonNode body = parseOrNull(response.body());
        softly.assertThat(body).as(at + "JSON body: %s", response.body()).isNotNull();
        // With a wrong status the body is no error of the expected kind: checking its shape would add only noise.
        boolean statusAsExpected = response.status() == badCase.status();
        if (statusAsExpected && badCase.shape() == Shape.PROBLEM) {
            softly.assertThat(contentType).as(at + "Content-Type").startsWith("application/problem+json");
            if (body != null) {
                softly.assertThat(body.path("type").isTextual())
                        .as(at + "type is a string in %s", body)
                        .isTrue();
                softly.assertThat(body.path("type").asText()).as(at + "type").isNotBlank();
                softly.assertThat(body.path("status").isNumber())
                        .as(at + "status is a JSON number in %s", body)
                        .isTrue();
                softly.assertThat(body.path("status").asInt())
                        .as(at + "status field")
                        .isEqualTo(response.status());
                softly.assertThat(body.path("title").isTextual())
                        .as(at + "title is a string in %s", body)
                        .isTrue();
                softly.assertThat(body.path("title").asText()).as(at + "title").isNotBlank();
                softly.assertThat(body.path("detail").isTextual())
                        .as(at + "detail is a string in %s", body)
                        .isTrue();
                softly.assertThat(body.path("detail").asText())
                        .as(at + "detail")
                        .contains(badCase.mentions());
                softly.assertThat(body.path("requestId").isTextual())
                        .as(at + "requestId is a string in %s", body)
                        .isTrue();
                softly.assertThat(body.path("requestId").asText())
                        .as(at + "requestId")
                        .isNotBlank();
                softly.assertThat(response.header("x-request-id"))
                        .as(at + "x-request-id response header")
                        .isEqualTo(body.path("requestId").asText());
            }
        } else if (statusAsExpected) {
            softly.assertThat(contentType).as(at + "Content-Type").startsWith("application/json");
            if (body != null) {
                softly.assertThat(body.path("error_code").isTextual())
                        .as(at + "error_code is a string in %s", body)
                        .isTrue();
                softly.assertThat(body.path("error_code").asText())
                        .as(at + "error_code")
                        .isEqualTo(badCase.errorCode());
                softly.assertThat(body.path("message").isTextual())
                        .as(at + "message is a string in %s", body)
                        .isTrue();
                softly.assertThat(body.path("message").asText())
                        .as(at + "message")
                        .contains(badCase.mentions());
            }
        }
        RestClient.Response list = server.rest(tenant).get(JOBS);
        softly.assertThat(list.status())
                .as(at + "listing the tenant's jobs afterwards: %s", list)
                .isEqualTo(200);
        softly.assertThat(recordsOf(list))
                .as(at + "jobs stored for the tenant after the bad request")
                .isEmpty();
        softly.assertAll();
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    /** The records of a list response; none when it is not a JSON list response. */
    private static List<JsonNode> recordsOf(RestClient.Response list) {
        List<JsonNode> records = new ArrayList<>();
        JsonNode body = parseOrNull(list.body());
        if (body != null) {
            body.path("records").forEach(records::add);
        }
        return records;
    }

    // ---------------------------------------------------------------------------------------------
    // gRPC
    // ---------------------------------------------------------------------------------------------

    private static StatusRuntimeException grpcFailure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).as("the call's failure").isInstanceOf(StatusRuntimeException.class);
        return (StatusRuntimeException) thrown;
    }

    private static List<Any> details(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).as("google.rpc.Status of %s", e).isNotNull();
        return status.getDetailsList();
    }

    private static List<String> badRequestFields(StatusRuntimeException e) {
        List<String> fields = new ArrayList<>();
        for (Any detail : details(e)) {
            if (detail.is(BadRequest.class)) {
                try {
                    detail.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return fields;
    }

    private static List<String> errorInfoReasons(StatusRuntimeException e) {
        List<String> reasons = new ArrayList<>();
        for (Any detail : details(e)) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    reasons.add(detail.unpack(ErrorInfo.class).getReason());
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return reasons;
    }

    /** A blocking stub sending exactly these headers (a null value leaves the header out). */
    private static ExportJobServiceGrpc.ExportJobServiceBlockingStub stubWith(Map<String, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> {
            if (value != null) {
                metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
            }
        });
        return ExportJobServiceGrpc.newBlockingStub(server.grpc().channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> goodHeaders(Tenant tenant) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + tenant.token());
        headers.put("x-api-key", tenant.apiKey());
        headers.put("x-gw-ims-org-id", tenant.orgId());
        headers.put("x-sandbox-name", tenant.sandbox());
        return headers;
    }

    private static CreateExportJobRequest minimalCreate() {
        return CreateExportJobRequest.newBuilder()
                .setExportJob(ExportJob.newBuilder()
                        .setDestination(Destination.newBuilder().setDatasetId(DATASET))
                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                .build();
    }

    private static int grpcJobCount(Tenant tenant) {
        return server.grpc()
                .blocking(tenant)
                .listExportJobs(ListExportJobsRequest.getDefaultInstance())
                .getRecordsCount();
    }

    @Test
    void grpcCreateWithoutDestinationIsInvalidArgumentNamingDestination() {
        Tenant tenant = Tenant.fresh();
        CreateExportJobRequest request = CreateExportJobRequest.newBuilder()
                .setExportJob(
                        ExportJob.newBuilder().setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                .build();

        StatusRuntimeException e =
                grpcFailure(() -> server.grpc().blocking(tenant).createExportJob(request));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("destination");
        assertThat(badRequestFields(e))
                .as("google.rpc.BadRequest field violations")
                .containsExactly("destination");
        assertThat(grpcJobCount(tenant)).as("jobs stored").isZero();
    }

    @Test
    void grpcCreateWithoutDatasetIdIsInvalidArgumentNamingIt() {
        Tenant tenant = Tenant.fresh();
        CreateExportJobRequest request = CreateExportJobRequest.newBuilder()
                .setExportJob(ExportJob.newBuilder()
                        .setDestination(Destination.newBuilder().setSegmentPerBatch(false))
                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                .build();

        StatusRuntimeException e =
                grpcFailure(() -> server.grpc().blocking(tenant).createExportJob(request));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("destination.datasetId");
        assertThat(badRequestFields(e)).containsExactly("destination.datasetId");
        assertThat(grpcJobCount(tenant)).as("jobs stored").isZero();
    }

    @Test
    void grpcListWithLimitZeroIsInvalidArgumentNamingLimit() {
        Tenant tenant = Tenant.fresh();

        StatusRuntimeException e = grpcFailure(() -> server.grpc()
                .blocking(tenant)
                .listExportJobs(ListExportJobsRequest.newBuilder().setLimit(0).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("limit");
        assertThat(badRequestFields(e))
                .as("google.rpc.BadRequest field violations")
                .containsExactly("limit");
    }

    @Test
    void grpcListWithMalformedOffsetIsInvalidArgumentNamingOffset() {
        Tenant tenant = Tenant.fresh();

        StatusRuntimeException e = grpcFailure(() -> server.grpc()
                .blocking(tenant)
                .listExportJobs(
                        ListExportJobsRequest.newBuilder().setOffset("abc").build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("offset");
        assertThat(badRequestFields(e)).containsExactly("offset");
    }

    @Test
    void grpcGetOfUnknownIdIsNotFound() {
        Tenant tenant = Tenant.fresh();

        StatusRuntimeException e = grpcFailure(() -> server.grpc()
                .blocking(tenant)
                .getExportJob(
                        GetExportJobRequest.newBuilder().setId(987654321987L).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).contains("987654321987");
    }

    @Test
    void grpcCancelOfUnknownIdIsNotFound() {
        Tenant tenant = Tenant.fresh();

        StatusRuntimeException e = grpcFailure(() -> server.grpc()
                .blocking(tenant)
                .cancelExportJob(
                        CancelExportJobRequest.newBuilder().setId(987654321987L).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).contains("987654321987");
    }

    @Test
    void grpcCallWithoutApiKeyIsPermissionDenied() {
        Tenant tenant = Tenant.fresh();
        Map<String, String> headers = goodHeaders(tenant);
        headers.put("x-api-key", null);

        StatusRuntimeException e = grpcFailure(() -> stubWith(headers).createExportJob(minimalCreate()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(e.getStatus().getDescription()).contains("x-api-key");
        assertThat(errorInfoReasons(e)).as("google.rpc.ErrorInfo reasons").contains("403000");
        assertThat(grpcJobCount(tenant)).as("jobs stored").isZero();
    }

    @Test
    void grpcCallWithoutAuthorizationIsPermissionDenied() {
        Tenant tenant = Tenant.fresh();
        Map<String, String> headers = goodHeaders(tenant);
        headers.put("authorization", null);

        StatusRuntimeException e = grpcFailure(() -> stubWith(headers).createExportJob(minimalCreate()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(e.getStatus().getDescription()).containsIgnoringCase("authorization");
        assertThat(errorInfoReasons(e)).contains("403010");
        assertThat(grpcJobCount(tenant)).as("jobs stored").isZero();
    }

    @Test
    void grpcCallWithWrongTokenIsUnauthenticated() {
        Tenant tenant = Tenant.fresh();
        Map<String, String> headers = goodHeaders(tenant);
        headers.put("authorization", "Bearer not-the-token");

        StatusRuntimeException e = grpcFailure(() -> stubWith(headers).createExportJob(minimalCreate()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(errorInfoReasons(e)).contains("401013");
        assertThat(grpcJobCount(tenant)).as("jobs stored").isZero();
    }

    @Test
    void grpcCallWithoutSandboxIsInvalidArgumentNamingTheHeader() {
        Tenant tenant = Tenant.fresh();
        Map<String, String> headers = goodHeaders(tenant);
        headers.put("x-sandbox-name", null);

        StatusRuntimeException e = grpcFailure(() -> stubWith(headers).createExportJob(minimalCreate()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("x-sandbox-name");
        assertThat(errorInfoReasons(e)).contains("400004");
        assertThat(grpcJobCount(tenant)).as("jobs stored").isZero();
    }
}
