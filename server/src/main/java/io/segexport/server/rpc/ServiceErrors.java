package io.segexport.server.rpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.segexport.v1.ErrorDomains;

/**
 * Errors as AIP-193 describes them: a status, a message that names the field or header at fault,
 * and details (ErrorInfo, and BadRequest for a bad field) that the REST gateway renders in the
 * documented shapes.
 */
public final class ServiceErrors {
    private ServiceErrors() {}

    /** A bad request field; {@code field} is its JSON path, {@code problem} completes the sentence. */
    public static StatusRuntimeException invalidArgument(String field, String problem) {
        String message = field + " " + problem;
        return error(Status.Code.INVALID_ARGUMENT, message, ErrorDomains.SERVICE, "INVALID_ARGUMENT",
                Any.pack(BadRequest.newBuilder().addFieldViolations(
                        BadRequest.FieldViolation.newBuilder().setField(field).setDescription(message)).build()));
    }

    public static StatusRuntimeException notFound(String message) {
        return error(Status.Code.NOT_FOUND, message, ErrorDomains.SERVICE, "NOT_FOUND");
    }

    public static StatusRuntimeException internal() {
        return error(Status.Code.INTERNAL, "internal error", ErrorDomains.SERVICE, "INTERNAL");
    }

    /** An authentication or header failure in the gateway's shape; {@code errorCode} is its stable code. */
    public static StatusRuntimeException gateway(Status.Code code, String errorCode, String message) {
        return error(code, message, ErrorDomains.GATEWAY, errorCode);
    }

    private static StatusRuntimeException error(Status.Code code, String message, String domain, String reason, Any... more) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setDomain(domain).setReason(reason).build()));
        for (Any detail : more) {
            status.addDetails(detail);
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
