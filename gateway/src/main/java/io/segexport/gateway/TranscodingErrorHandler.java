package io.segexport.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.grpc.protocol.StatusMessageEscaper;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import io.grpc.Status;
import java.time.Duration;

/** Renders a failed transcoded call in the documented error shapes (see {@link ErrorResponses}). */
final class TranscodingErrorHandler implements UnframedGrpcErrorHandler {
    @Override
    public HttpResponse handle(ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
        if (ctx.isTimedOut()) {
            // Armeria cancels the call at the request timeout, which would read as the client's
            // 499; it was the server that did not answer, and what it was doing may still happen.
            return ErrorResponses.problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "the server did not answer within the request timeout of "
                                    + Duration.ofMillis(ctx.requestTimeoutMillis())
                                            .toSeconds()
                                    + " s; a change asked for may still take effect, so read it back before asking again",
                            RequestIdDecorator.requestId(ctx))
                    .toHttpResponse();
        }
        HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        return ErrorResponses.fromGrpc(
                        // Armeria passes grpc-message as it came, percent-encoded ("é 100%" as "%C3%A9 100%25").
                        status.withDescription(StatusMessageEscaper.unescape(status.getDescription())),
                        trailers.get("grpc-status-details-bin"),
                        RequestIdDecorator.requestId(ctx))
                .toHttpResponse();
    }
}
