package io.segexport.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import io.grpc.Status;

/** Renders a failed transcoded call in the documented error shapes (see {@link ErrorResponses}). */
final class TranscodingErrorHandler implements UnframedGrpcErrorHandler {
    @Override
    public HttpResponse handle(ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
        HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        return ErrorResponses.fromGrpc(
                        status, trailers.get("grpc-status-details-bin"), RequestIdDecorator.requestId(ctx))
                .toHttpResponse();
    }
}
