package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.segexport.v1.ErrorDomains;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.ListExportJobsRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends the same headers to a real server over REST ({@code GET /data/core/ups/export/jobs}) and
 * over gRPC ({@code ListExportJobs}), and checks that both faces admit or refuse them alike.
 */
final class AuthProbe implements AutoCloseable {
    static final String SANDBOX = "prod";

    private final int httpPort;
    private final ManagedChannel channel;

    AuthProbe(int httpPort, int grpcPort) {
        this.httpPort = httpPort;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort)
                .usePlaintext()
                .build();
    }

    /** The documented headers; a null value leaves a header out. */
    static Map<String, String> headers(String authorization, String apiKey, String org) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", authorization);
        headers.put("x-api-key", apiKey);
        headers.put("x-gw-ims-org-id", org);
        headers.put("x-sandbox-name", SANDBOX);
        return headers;
    }

    static Map<String, String> bearer(String token, String org) {
        return headers("Bearer " + token, Jwts.API_KEY, org);
    }

    /** What REST and gRPC answered. */
    record Outcome(int httpStatus, String httpBody, Status.Code grpcCode, String grpcReason, String grpcMessage) {
        JsonNode json() {
            return new RestClient.Response(httpStatus, null, httpBody).json();
        }
    }

    Outcome call(Map<String, String> headers) {
        RestClient rest = new RestClient(httpPort, new Tenant("x", "x", "x", "x"));
        rest = rest.withHeader("Authorization", headers.get("authorization"))
                .withHeader("x-api-key", headers.get("x-api-key"))
                .withHeader("x-gw-ims-org-id", headers.get("x-gw-ims-org-id"))
                .withHeader("x-sandbox-name", headers.get("x-sandbox-name"));
        RestClient.Response response = rest.get("/data/core/ups/export/jobs");

        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> {
            if (value != null) {
                metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
            }
        });
        Throwable thrown = catchThrowable(() -> ExportJobServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .listExportJobs(ListExportJobsRequest.getDefaultInstance()));
        if (thrown == null) {
            return new Outcome(response.status(), response.body(), Status.Code.OK, null, null);
        }
        assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) thrown;
        return new Outcome(
                response.status(),
                response.body(),
                e.getStatus().getCode(),
                gatewayReason(e),
                e.getStatus().getDescription());
    }

    /** Both faces answer 200 / OK. */
    Outcome assertAdmitted(Map<String, String> headers) {
        Outcome outcome = call(headers);
        assertThat(outcome.httpStatus()).as("REST status of %s", outcome).isEqualTo(200);
        assertThat(outcome.grpcCode()).as("gRPC status of %s", outcome).isEqualTo(Status.Code.OK);
        return outcome;
    }

    /**
     * REST answers {@code httpStatus} with exactly {@code {"error_code", "message"}}; gRPC answers
     * {@code grpcCode} with the error code as its gateway ErrorInfo reason; both messages are the same
     * and contain {@code says}, and neither repeats the bearer token.
     */
    Outcome assertRefused(
            Map<String, String> headers, int httpStatus, String errorCode, Status.Code grpcCode, String says) {
        Outcome outcome = call(headers);
        assertThat(outcome.httpStatus()).as("REST status of %s", outcome).isEqualTo(httpStatus);
        JsonNode body = outcome.json();
        assertThat(body.size()).as("REST body fields of %s", outcome).isEqualTo(2);
        assertThat(body.path("error_code").asText()).as("REST error_code").isEqualTo(errorCode);
        assertThat(body.path("message").asText()).as("REST message").contains(says);
        assertThat(outcome.grpcCode()).as("gRPC status of %s", outcome).isEqualTo(grpcCode);
        assertThat(outcome.grpcReason()).as("gRPC ErrorInfo reason").isEqualTo(errorCode);
        assertThat(outcome.grpcMessage())
                .as("gRPC message")
                .isEqualTo(body.path("message").asText());
        String authorization = headers.get("authorization");
        if (authorization != null && authorization.length() > 16) {
            String token = authorization.substring(authorization.indexOf(' ') + 1);
            assertThat(outcome.httpBody())
                    .as("the body never repeats the token")
                    .doesNotContain(token);
        }
        assertThat(outcome.httpBody()).as("the body never repeats the secret").doesNotContain(Jwts.HS256_SECRET);
        return outcome;
    }

    private static String gatewayReason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return null;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    ErrorInfo info = detail.unpack(ErrorInfo.class);
                    if (info.getDomain().equals(ErrorDomains.GATEWAY)) {
                        return info.getReason();
                    }
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
