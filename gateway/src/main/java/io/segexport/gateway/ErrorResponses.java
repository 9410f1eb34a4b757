package io.segexport.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.segexport.v1.ErrorDomains;
import io.segexport.v1.RequestIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;

/**
 * The two documented error bodies: the gateway's {@code {"error_code", "message"}} for
 * authentication and header failures, and the service's problem details
 * {@code {"type", "status", "title", "detail", "requestId"}} for everything else.
 */
public final class ErrorResponses {
    private static final JsonFactory JSON = new JsonFactory();
    private static final MediaType PROBLEM_JSON = MediaType.create("application", "problem+json");

    private ErrorResponses() {}

    /** Problem details; the response also carries the request id as its {@code x-request-id} header. */
    public static AggregatedHttpResponse problem(HttpStatus status, String detail, String requestId) {
        AggregatedHttpResponse problem = json(status, PROBLEM_JSON, gen -> {
            gen.writeStringField("type", "urn:segexport:error:" + slug(status));
            gen.writeNumberField("status", status.code());
            gen.writeStringField("title", status.reasonPhrase());
            gen.writeStringField("detail", detail);
            gen.writeStringField("requestId", requestId);
        });
        return AggregatedHttpResponse.of(
                problem.headers().toBuilder().set(RequestIds.HEADER, requestId).build(), problem.content());
    }

    public static AggregatedHttpResponse gatewayError(HttpStatus status, String errorCode, String message) {
        return json(status, MediaType.JSON_UTF_8, gen -> {
            gen.writeStringField("error_code", errorCode);
            gen.writeStringField("message", message);
        });
    }

    /**
     * Renders a gRPC failure: the gateway shape when its details carry an ErrorInfo of the gateway
     * domain, problem details otherwise; a RetryInfo becomes a {@code Retry-After} in whole seconds.
     */
    public static AggregatedHttpResponse fromGrpc(io.grpc.Status status, String statusDetailsBin, String requestId) {
        com.google.rpc.Status details = statusDetails(statusDetailsBin);
        ErrorInfo info = detail(details, ErrorInfo.class);
        HttpStatus httpStatus = httpStatus(status.getCode(), info);
        String detail = status.getDescription() != null ? status.getDescription() : httpStatus.reasonPhrase();
        ErrorInfo gatewayInfo = gatewayErrorInfo(details);
        AggregatedHttpResponse response = gatewayInfo != null
                ? gatewayError(httpStatus, gatewayInfo.getReason(), detail)
                : problem(httpStatus, detail, requestId);
        RetryInfo retry = detail(details, RetryInfo.class);
        if (retry == null) {
            return response;
        }
        return AggregatedHttpResponse.of(
                response.headers().toBuilder()
                        .set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds(retry.getRetryDelay())))
                        .build(),
                response.content());
    }

    /** The REST answer to a gRPC call's error, as the transcoded paths answer it. */
    static AggregatedHttpResponse fromGrpc(Throwable t, String requestId) {
        io.grpc.Status status = io.grpc.Status.fromThrowable(t);
        io.grpc.Metadata trailers = io.grpc.Status.trailersFromThrowable(t);
        byte[] details = trailers == null ? null : trailers.get(STATUS_DETAILS);
        return fromGrpc(status, details == null ? null : Base64.getEncoder().encodeToString(details), requestId);
    }

    private static final io.grpc.Metadata.Key<byte[]> STATUS_DETAILS =
            io.grpc.Metadata.Key.of("grpc-status-details-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER);

    /** Whole seconds, rounded up and at least 1, as Retry-After gives a delay. */
    private static long retryAfterSeconds(com.google.protobuf.Duration delay) {
        return Math.max(1, delay.getSeconds() + (delay.getNanos() > 0 ? 1 : 0));
    }

    /**
     * gRPC has no codes of its own for a body too large and a full disk (both RESOURCE_EXHAUSTED, as
     * a rate limit is); the service marks them with these reasons.
     */
    private static HttpStatus httpStatus(io.grpc.Status.Code code, ErrorInfo info) {
        String reason = info == null ? "" : info.getReason();
        return switch (reason) {
            case "TOO_LARGE" -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case "DISK_FULL" -> HttpStatus.INSUFFICIENT_STORAGE;
            default -> httpStatus(code);
        };
    }

    /** The HTTP status of each gRPC code, as Google's HTTP mapping gives it. */
    public static HttpStatus httpStatus(io.grpc.Status.Code code) {
        return switch (code) {
            case OK -> HttpStatus.OK;
            case CANCELLED -> HttpStatus.valueOf(499);
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            case UNKNOWN, INTERNAL, DATA_LOSS -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The google.rpc.Status of a grpc-status-details-bin value; an empty one when there is none or it is unreadable. */
    private static com.google.rpc.Status statusDetails(String statusDetailsBin) {
        if (statusDetailsBin == null || statusDetailsBin.isEmpty()) {
            return com.google.rpc.Status.getDefaultInstance();
        }
        try {
            return com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(statusDetailsBin));
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return com.google.rpc.Status.getDefaultInstance();
        }
    }

    private static ErrorInfo gatewayErrorInfo(com.google.rpc.Status details) {
        for (Any detail : details.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    ErrorInfo info = detail.unpack(ErrorInfo.class);
                    if (info.getDomain().equals(ErrorDomains.GATEWAY)) {
                        return info;
                    }
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The first detail of this type; null when there is none. */
    private static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status details, Class<T> type) {
        for (Any detail : details.getDetailsList()) {
            if (detail.is(type)) {
                try {
                    return detail.unpack(type);
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String slug(HttpStatus status) {
        return status.reasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The fields of a JSON object, written in order. */
    public interface Fields {
        void write(JsonGenerator gen) throws IOException;
    }

    /** A JSON object of {@code fields}; for the few bodies that are not a message of the API. */
    public static AggregatedHttpResponse json(HttpStatus status, MediaType type, Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AggregatedHttpResponse.of(
                ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE, type), HttpData.wrap(out.toByteArray()));
    }
}
