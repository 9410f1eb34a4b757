package io.segexport.server.rpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.segexport.server.store.DiskFull;
import io.segexport.v1.ErrorDomains;
import java.time.Duration;
import java.util.Map;

/**
 * Errors as AIP-193 describes them: a status, a message that names the field or header at fault,
 * and details (ErrorInfo, and BadRequest for a bad field) that the REST gateway renders in the
 * documented shapes.
 */
public final class ServiceErrors {
    private ServiceErrors() {}

    /** A bad request field; {@code field} is its JSON path, {@code problem} completes the sentence. */
    public static StatusRuntimeException invalidArgument(String field, String problem) {
        return invalidField(field, field + " " + problem);
    }

    /** A bad request field, with a message that names it already ({@code message} starts with {@code field}). */
    public static StatusRuntimeException invalidField(String field, String message) {
        return error(
                Status.Code.INVALID_ARGUMENT,
                message,
                ErrorDomains.SERVICE,
                "INVALID_ARGUMENT",
                Any.pack(BadRequest.newBuilder()
                        .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                                .setField(field)
                                .setDescription(message))
                        .build()));
    }

    /** A request that the resource's state does not allow now (e.g. a file for a batch no longer loading). */
    public static StatusRuntimeException failedPrecondition(String message) {
        return error(Status.Code.FAILED_PRECONDITION, message, ErrorDomains.SERVICE, "FAILED_PRECONDITION");
    }

    /** A request larger than a limit allows; {@code field} names what is too large. */
    public static StatusRuntimeException tooLarge(String field, String problem) {
        return error(Status.Code.RESOURCE_EXHAUSTED, field + " " + problem, ErrorDomains.SERVICE, "TOO_LARGE");
    }

    /**
     * The data folder's disk is full: RESOURCE_EXHAUSTED, which the REST face answers 507 for its
     * reason DISK_FULL. The call may be made again once space is freed; nothing needs a restart.
     */
    public static StatusRuntimeException diskFull() {
        return error(Status.Code.RESOURCE_EXHAUSTED, DiskFull.MESSAGE, ErrorDomains.SERVICE, "DISK_FULL");
    }

    /** A service the server depends on (the cluster's Kafka) did not answer in time; the call may be retried. */
    public static StatusRuntimeException unavailable(String message) {
        return error(Status.Code.UNAVAILABLE, message, ErrorDomains.SERVICE, "UNAVAILABLE");
    }

    /** A call this deployment does not serve (yet): a cluster's node, for a part built only for one node. */
    public static StatusRuntimeException unimplemented(String message) {
        return error(Status.Code.UNIMPLEMENTED, message, ErrorDomains.SERVICE, "UNIMPLEMENTED");
    }

    public static StatusRuntimeException notFound(String message) {
        return error(Status.Code.NOT_FOUND, message, ErrorDomains.SERVICE, "NOT_FOUND");
    }

    /**
     * A read beyond the end of what exists (AIP-193's OUT_OF_RANGE); {@code metadata} goes into the
     * ErrorInfo, for a face that needs the facts (e.g. a file's length for an HTTP 416).
     */
    public static StatusRuntimeException outOfRange(String field, String problem, Map<String, String> metadata) {
        String message = field + " " + problem;
        return error(
                Status.Code.OUT_OF_RANGE,
                message,
                ErrorInfo.newBuilder()
                        .setDomain(ErrorDomains.SERVICE)
                        .setReason("OUT_OF_RANGE")
                        .putAllMetadata(metadata)
                        .build(),
                Any.pack(BadRequest.newBuilder()
                        .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                                .setField(field)
                                .setDescription(message))
                        .build()));
    }

    /**
     * A caller over a rate limit (RESOURCE_EXHAUSTED): the ErrorInfo names the {@code limit}, the
     * RetryInfo says when to try again, and the REST face answers 429 with {@code Retry-After}.
     */
    public static StatusRuntimeException rateLimited(String message, String limit, Duration retryAfter) {
        return error(
                Status.Code.RESOURCE_EXHAUSTED,
                message,
                ErrorInfo.newBuilder()
                        .setDomain(ErrorDomains.SERVICE)
                        .setReason("RATE_LIMITED")
                        .putMetadata("limit", limit)
                        .build(),
                Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(retryAfter.getSeconds())
                                .setNanos(retryAfter.getNano()))
                        .build()));
    }

    public static StatusRuntimeException internal() {
        return error(Status.Code.INTERNAL, "internal error", ErrorDomains.SERVICE, "INTERNAL");
    }

    /** An authentication or header failure in the gateway's shape; {@code errorCode} is its stable code. */
    public static StatusRuntimeException gateway(Status.Code code, String errorCode, String message) {
        return error(code, message, ErrorDomains.GATEWAY, errorCode);
    }

    private static StatusRuntimeException error(
            Status.Code code, String message, String domain, String reason, Any... more) {
        return error(
                code,
                message,
                ErrorInfo.newBuilder().setDomain(domain).setReason(reason).build(),
                more);
    }

    private static StatusRuntimeException error(Status.Code code, String message, ErrorInfo info, Any... more) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(info));
        for (Any detail : more) {
            status.addDetails(detail);
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
