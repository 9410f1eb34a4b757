package io.segexport.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A call that failed: the gRPC status code, and what the server's error details say about it. The
 * client throws this instead of {@link io.grpc.StatusRuntimeException}; the original is the cause.
 *
 * <p>The message names the field at fault when there is one, e.g. {@code INVALID_ARGUMENT:
 * destination.datasetId names no dataset of this org and sandbox: 5b7c...}.
 */
public final class SegexportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The gRPC status code. */
    private final Status.Code code;
    /** The ErrorInfo reason, or "". */
    private final String reason;
    /** The BadRequest field violations; empty when none. */
    private final List<BadRequest.FieldViolation> fieldViolations;
    /** The RetryInfo delay, or null. */
    private final Duration retryDelay;

    private SegexportException(
            String message,
            Throwable cause,
            Status.Code code,
            String reason,
            List<BadRequest.FieldViolation> fieldViolations,
            Duration retryDelay) {
        super(message, cause);
        this.code = code;
        this.reason = reason;
        this.fieldViolations = List.copyOf(fieldViolations);
        this.retryDelay = retryDelay;
    }

    /** The failure of a call, from the exception gRPC raised (or passed to an observer). */
    static SegexportException from(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        String reason = "";
        List<BadRequest.FieldViolation> violations = new ArrayList<>();
        Duration retryDelay = null;
        com.google.rpc.Status details = StatusProto.fromThrowable(failure);
        if (details != null) {
            for (Any detail : details.getDetailsList()) {
                try {
                    if (detail.is(ErrorInfo.class)) {
                        reason = detail.unpack(ErrorInfo.class).getReason();
                    } else if (detail.is(BadRequest.class)) {
                        violations.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
                    } else if (detail.is(RetryInfo.class)) {
                        com.google.protobuf.Duration delay =
                                detail.unpack(RetryInfo.class).getRetryDelay();
                        retryDelay = Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
                    }
                } catch (InvalidProtocolBufferException e) {
                    // A detail we cannot read adds nothing; the status code and message still stand.
                }
            }
        }
        return new SegexportException(
                message(status, violations), failure, status.getCode(), reason, violations, retryDelay);
    }

    /** A blocking wait of the client that was interrupted; the thread keeps its interrupt flag. */
    static SegexportException interrupted(InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new SegexportException(
                "CANCELLED: interrupted while waiting for the server",
                cause,
                Status.Code.CANCELLED,
                "",
                List.of(),
                null);
    }

    private static String message(Status status, List<BadRequest.FieldViolation> violations) {
        SSLException tls = TlsFailures.find(status.getCause());
        if (tls != null) {
            // gRPC says "io exception" and lists Netty's pipeline; what failed is the TLS handshake, and why.
            return status.getCode().name() + ": TLS handshake with the server failed: "
                    + TlsFailures.innermostMessage(tls);
        }
        String description = status.getDescription() == null ? "" : status.getDescription();
        StringBuilder message = new StringBuilder(status.getCode().name());
        if (!description.isEmpty()) {
            message.append(": ").append(description);
        }
        // E.g. "UNAVAILABLE: io exception" says little without "Connection refused: /127.0.0.1:50051".
        Throwable cause = status.getCause();
        if (cause != null && cause.getMessage() != null) {
            message.append(" (").append(cause.getMessage()).append(')');
        }
        // The server's messages start with the field; name it here only when they do not.
        for (BadRequest.FieldViolation violation : violations) {
            if (!description.contains(violation.getField())) {
                message.append(" (")
                        .append(violation.getField())
                        .append(": ")
                        .append(violation.getDescription())
                        .append(')');
            }
        }
        return message.toString();
    }

    /** The gRPC status code, e.g. {@code NOT_FOUND}, {@code INVALID_ARGUMENT}, {@code UNAVAILABLE}. */
    public Status.Code code() {
        return code;
    }

    /**
     * The stable reason of the server's {@code google.rpc.ErrorInfo}, e.g. {@code INVALID_ARGUMENT},
     * or an authentication error code of the gateway; {@code ""} when the server gave none (as when
     * it could not be reached).
     */
    public String reason() {
        return reason;
    }

    /**
     * The fields at fault, from the server's {@code google.rpc.BadRequest}: each names a field by its
     * JSON path (e.g. {@code destination.datasetId}) and says what is wrong with it. Empty when the
     * error is not about a field.
     */
    public List<BadRequest.FieldViolation> fieldViolations() {
        return fieldViolations;
    }

    /**
     * How long the server asked the client to wait before trying again, from its
     * {@code google.rpc.RetryInfo}: given with {@code RESOURCE_EXHAUSTED} when the client is over its
     * request rate. Empty when the server gave none.
     */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }
}
