package io.segexport.gateway.management;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.concurrent.TimeUnit;

/**
 * Times every REST call into {@code segexport_rest_requests_seconds}, by HTTP method, route pattern
 * (the path as Armeria writes the API's rule, {@code /data/core/ups/export/jobs/:id}, never the ids in it)
 * and status class, in the server's meter registry. No tag names a tenant: one series per org
 * would grow without bound.
 */
public final class RestMetrics implements DecoratingHttpServiceFunction {
    public static final String NAME = "segexport.rest.requests";

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ctx.log().whenComplete().thenAccept(log -> record(ctx, log));
        return delegate.serve(ctx, req);
    }

    private static void record(ServiceRequestContext ctx, RequestLog log) {
        LatencyBuckets.timer(NAME)
                .description("REST calls, by method, route and status class")
                .tag("method", ctx.method().name())
                .tag("route", ctx.config().route().patternString())
                .tag("status", log.responseHeaders().status().code() / 100 + "xx")
                .register(ctx.meterRegistry())
                .record(log.totalDurationNanos(), TimeUnit.NANOSECONDS);
    }
}
