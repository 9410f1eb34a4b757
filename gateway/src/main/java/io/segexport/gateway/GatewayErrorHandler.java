package io.segexport.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.segexport.v1.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error that never reached the service (no route, wrong method, body too large, a
 * transcoding failure) as problem details, never as text/plain; a real fault is logged and
 * answered 500 without internals.
 */
final class GatewayErrorHandler implements ServerErrorHandler {
    private static final Logger logger = LoggerFactory.getLogger(GatewayErrorHandler.class);
    /** Armeria's description of a request target it refuses (e.g. {@code ?id=..} or {@code %00}). */
    private static final String INVALID_TARGET = "Invalid request path";

    private final GatewayLimits limits;

    GatewayErrorHandler(GatewayLimits limits) {
        this.limits = limits;
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        cause = Exceptions.peel(cause);
        if (cause instanceof HttpResponseException) {
            return null;
        }
        if (cause instanceof ContentTooLargeException
                || cause instanceof HttpStatusException e && e.httpStatus() == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            // A body found too large as it was read (one sent without a Content-Length, e.g. chunked).
            return ErrorResponses.problem(
                            HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                            bodyTooLarge(ctx.maxRequestLength()),
                            RequestIdDecorator.requestId(ctx))
                    .toHttpResponse();
        }
        if (cause instanceof HttpStatusException statusException) {
            HttpStatus status = statusException.httpStatus();
            Throwable reason = statusException.getCause();
            String detail = reason != null && status.isClientError() && reason.getMessage() != null
                    ? reason.getMessage()
                    : status.reasonPhrase();
            return ErrorResponses.problem(status, detail, RequestIdDecorator.requestId(ctx))
                    .toHttpResponse();
        }
        if (cause instanceof RequestTimeoutException && !ctx.request().isComplete()) {
            // The client did not send its whole request in time (a body that never ends): its fault, not ours.
            return ErrorResponses.problem(
                            HttpStatus.REQUEST_TIMEOUT,
                            "the request was not received in time",
                            RequestIdDecorator.requestId(ctx))
                    .toHttpResponse();
        }
        logger.warn("Unexpected failure serving {} {}", ctx.method(), ctx.path(), cause);
        return ErrorResponses.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR, "internal error", RequestIdDecorator.requestId(ctx))
                .toHttpResponse();
    }

    /** Also renders protocol violations, for which there is no context and may be no headers. */
    @Override
    public AggregatedHttpResponse renderStatus(
            ServiceRequestContext ctx,
            ServiceConfig config,
            RequestHeaders headers,
            HttpStatus status,
            String description,
            Throwable cause) {
        String path = headers == null ? "" : headers.path().replaceAll("\\?.*", "");
        String detail = switch (status.code()) {
            case 404 -> "no resource at " + path;
            case 405 -> headers.method() + " is not allowed on " + path;
            case 413 -> bodyTooLarge(config != null ? config.maxRequestLength() : limits.requestBytes());
            case 431 ->
                "the request headers are larger than the header-bytes limit of " + limits.headerBytes() + " bytes";
            // Armeria refuses such a target before routing and hands over neither headers nor the
            // target, so the detail cannot name the parameter; it says what is refused instead.
            case 400 ->
                INVALID_TARGET.equals(description)
                        ? "the request target was refused before routing: path "
                                + "segments and query values must not be or contain \"..\" segments, control characters (NUL "
                                + "included) or malformed %-escapes"
                        : orReason(description, status);
            default -> orReason(description, status);
        };
        String requestId = ctx != null
                ? RequestIdDecorator.requestId(ctx)
                : RequestIds.acceptOrGenerate(headers == null ? null : headers.get(RequestIds.HEADER));
        return ErrorResponses.problem(status, detail, requestId);
    }

    /** {@code max}: the limit of the route; batch file uploads have the file limit, every other route the request limit. */
    private String bodyTooLarge(long max) {
        if (max == limits.fileBytes() && max != limits.requestBytes()) {
            return "the request body (Content-Length) is larger than the " + max
                    + " bytes a batch file may have (the file-mebibytes limit)";
        }
        return "the request body is larger than the request-bytes limit of " + limits.requestBytes() + " bytes";
    }

    private static String orReason(String description, HttpStatus status) {
        return description != null ? description : status.reasonPhrase();
    }
}
