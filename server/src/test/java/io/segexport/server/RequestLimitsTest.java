package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ListExportJobsRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits on a request as a whole, on a server configured small: request-bytes (a REST body, a
 * gRPC message), header-bytes and json-depth. At the limit a request is served; beyond it, it is
 * refused with the documented status and a message naming the limit.
 */
class RequestLimitsTest {
    private static final int REQUEST_BYTES = 4096;
    private static final int HEADER_BYTES = 2048;
    private static final int JSON_DEPTH = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SharedServer server = new SharedServer(
            0,
            TestServer.LIMITS
                    .with("request-bytes", Integer.toString(REQUEST_BYTES))
                    .with("header-bytes", Integer.toString(HEADER_BYTES))
                    .with("json-depth", Integer.toString(JSON_DEPTH)));

    private Tenant tenant;
    private String dataSet;

    @BeforeEach
    void freshTenant() {
        tenant = Tenant.fresh();
        dataSet = server.rest(tenant).createDataSet();
    }

    // --- request-bytes over REST ---

    /** A create request padded with spaces to exactly {@code length} bytes. */
    private String createOfLength(int length) {
        String body = Requests.minimalCreate(dataSet);
        return body + " ".repeat(length - body.getBytes(StandardCharsets.UTF_8).length);
    }

    /** An HTTP/1.1 exchange on a raw socket, so that the body is sent exactly as given. */
    private static HttpAnswer exchange(String head, byte[] body) {
        return new HttpAnswer(RawHttp.exchange(server.httpPort(), head.getBytes(StandardCharsets.ISO_8859_1), body));
    }

    private String headers(String transfer) {
        return "POST " + Exports.JOBS + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nAuthorization: Bearer " + tenant.token() + "\r\n"
                + "x-api-key: " + tenant.apiKey() + "\r\nx-gw-ims-org-id: " + tenant.orgId() + "\r\n"
                + "x-sandbox-name: " + tenant.sandbox() + "\r\n" + transfer + "\r\n\r\n";
    }

    private HttpAnswer postWithLength(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange(headers("Content-Length: " + bytes.length), bytes);
    }

    private HttpAnswer postChunked(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder chunks = new StringBuilder();
        for (int start = 0; start < bytes.length; start += 1000) {
            String chunk = new String(bytes, start, Math.min(1000, bytes.length - start), StandardCharsets.UTF_8);
            chunks.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        chunks.append("0\r\n\r\n");
        return exchange(headers("Transfer-Encoding: chunked"), chunks.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The raw answer, its body read as JSON. */
    record HttpAnswer(RawHttp.Answer raw) {
        int status() {
            return raw.status();
        }

        String contentType() {
            return raw.header("content-type");
        }

        JsonNode json() throws IOException {
            return JSON.readTree(raw.body());
        }

        @Override
        public String toString() {
            return raw.toString();
        }
    }

    private static void assertTooLarge(HttpAnswer answer) throws IOException {
        assertThat(answer.status()).as("%s", answer).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:segexport:error:request-entity-too-large");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("title").asText()).isEqualTo("Request Entity Too Large");
        assertThat(problem.get("detail").asText())
                .isEqualTo("the request body is larger than the request-bytes limit of 4096 bytes");
        assertThat(problem.get("requestId").asText()).isNotEmpty();
    }

    @Test
    void aRestBodyOfExactlyTheLimitIsServed() throws IOException {
        HttpAnswer answer = postWithLength(createOfLength(REQUEST_BYTES));

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("NEW");
    }

    @Test
    void aRestBodyOneByteOverTheLimitAnswers413NamingTheLimit() throws IOException {
        assertTooLarge(postWithLength(createOfLength(REQUEST_BYTES + 1)));
        assertThat(server.rest(tenant).get(Exports.JOBS).json().path("records")).isEmpty();
    }

    @Test
    void aChunkedRestBodyIsHeldToTheLimitAsItIsRead() throws IOException {
        assertThat(postChunked(createOfLength(REQUEST_BYTES)).status()).isEqualTo(200);

        assertTooLarge(postChunked(createOfLength(REQUEST_BYTES + 1)));
        assertThat(server.rest(tenant).get(Exports.JOBS).json().path("records")).hasSize(1);
    }

    // --- request-bytes over gRPC ---

    /** An ingest request of one record padded so that the message is exactly {@code size} bytes. */
    private IngestRequest ingestOfSize(int size) {
        IngestRequest request = null;
        for (int padding = size; padding > 0; padding--) {
            request = Ingest.request(
                    dataSet, Ingest.record("email", "big@example.com", "'note': '" + "x".repeat(padding) + "'"));
            if (request.getSerializedSize() == size) {
                return request;
            }
        }
        throw new AssertionError("no padding makes a message of " + size + " bytes");
    }

    @Test
    void aGrpcMessageOfExactlyTheLimitIsServed() {
        IngestResponse response = server.grpc().profiles(tenant).ingestProfiles(ingestOfSize(REQUEST_BYTES));

        assertThat(response.getAccepted()).isEqualTo(1);
    }

    @Test
    void aGrpcMessageOverTheLimitIsResourceExhausted() {
        assertThatExceptionOfType(StatusRuntimeException.class)
                .isThrownBy(() -> server.grpc().profiles(tenant).ingestProfiles(ingestOfSize(REQUEST_BYTES + 1)))
                .satisfies(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
                .satisfies(e -> assertThat(e.getStatus().getDescription())
                        .isEqualTo("gRPC message exceeds maximum size 4096: 4097"));
    }

    // --- header-bytes ---

    private String getWithPadding(int bytes) {
        return "GET " + Exports.JOBS + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + tenant.token() + "\r\nx-api-key: " + tenant.apiKey() + "\r\n"
                + "x-gw-ims-org-id: " + tenant.orgId() + "\r\nx-sandbox-name: " + tenant.sandbox() + "\r\n"
                + "x-padding: " + "p".repeat(bytes) + "\r\n\r\n";
    }

    @Test
    void http1HeadersWithinTheLimitAreServedAndBeyondItAnswer431NamingTheLimit() throws IOException {
        assertThat(exchange(getWithPadding(1000), new byte[0]).status()).isEqualTo(200);

        HttpAnswer refused = exchange(getWithPadding(HEADER_BYTES), new byte[0]);
        assertThat(refused.status()).as("%s", refused).isEqualTo(431);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("the request headers are larger than the header-bytes limit of 2048 bytes");
    }

    @Test
    void http2HeadersBeyondTheLimitAnswer431FromTheHttp2Layer() {
        // The JDK client upgrades to HTTP/2 (h2c); there the HTTP/2 layer answers a bare 431.
        RestClient rest = server.rest(tenant);
        assertThat(rest.withHeader("x-padding", "p".repeat(1000))
                        .get(Exports.JOBS)
                        .status())
                .isEqualTo(200);

        assertThat(rest.withHeader("x-padding", "p".repeat(HEADER_BYTES))
                        .get(Exports.JOBS)
                        .status())
                .isEqualTo(431);
    }

    @Test
    void grpcMetadataBeyondTheLimitIsRefused() {
        Metadata padding = new Metadata();
        padding.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(1000));
        assertThat(server.grpc()
                        .blocking(tenant)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(padding))
                        .listExportJobs(ListExportJobsRequest.getDefaultInstance())
                        .getRecordsCount())
                .isZero();

        padding.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(HEADER_BYTES));
        // The server announces its limit in its HTTP/2 settings, so grpc-java refuses to send the call.
        assertThatExceptionOfType(StatusRuntimeException.class)
                .isThrownBy(() -> server.grpc()
                        .blocking(tenant)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(padding))
                        .listExportJobs(ListExportJobsRequest.getDefaultInstance()))
                .satisfies(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL))
                .satisfies(e -> assertThat(e.getStatus().getCause()).hasMessageContaining("max allowed size (2048)"));
    }

    // --- json-depth ---

    /** A create request with an unknown member nesting objects so that the body is {@code depth} levels deep. */
    private String createOfDepth(int depth) {
        String nested = "{\"v\": 1}";
        for (int level = 2; level < depth; level++) {
            nested = "{\"a\": " + nested + "}";
        }
        return "{\"destination\": {\"datasetId\": \"" + dataSet
                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}," + " \"x\": " + nested + "}";
    }

    @Test
    void aBodyNestedToTheDepthLimitIsServed() {
        RestClient.Response response = server.rest(tenant).post(Exports.JOBS, createOfDepth(JSON_DEPTH));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    @Test
    void aBodyNestedBeyondTheDepthLimitAnswers400NamingThePathAndTheLimit() {
        RestClient.Response response = server.rest(tenant).post(Exports.JOBS, createOfDepth(JSON_DEPTH + 1));

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText())
                .isEqualTo("x.a.a.a.a.a.a.a nests objects and arrays deeper than 8 levels (the json-depth limit)");
        assertThat(server.rest(tenant).get(Exports.JOBS).json().path("records")).isEmpty();
    }
}
