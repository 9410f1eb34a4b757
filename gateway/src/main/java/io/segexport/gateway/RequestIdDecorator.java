package io.segexport.gateway;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import io.segexport.v1.RequestIds;

/**
 * Gives every request an {@code x-request-id} (the caller's, or a new one), passes it on to the
 * backend, and echoes it on the response, so one id follows a request through logs, jobs and errors.
 */
final class RequestIdDecorator implements DecoratingHttpServiceFunction {
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.valueOf(RequestIdDecorator.class, "REQUEST_ID");

    /** The request's id, or a fresh one for a request that never reached this decorator. */
    static String requestId(ServiceRequestContext ctx) {
        String id = ctx.attr(REQUEST_ID);
        return id != null ? id : RequestIds.generate();
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String given = req.headers().get(RequestIds.HEADER);
        String id = RequestIds.acceptOrGenerate(given);
        ctx.setAttr(REQUEST_ID, id);
        ctx.addAdditionalResponseHeader(RequestIds.HEADER, id);
        if (!id.equals(given)) {
            req = req.withHeaders(
                    req.headers().toBuilder().set(RequestIds.HEADER, id).build());
            ctx.updateRequest(req);
        }
        return delegate.serve(ctx, req);
    }
}
