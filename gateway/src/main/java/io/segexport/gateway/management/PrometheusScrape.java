package io.segexport.gateway.management;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /metrics}: the registry in Prometheus's text format (0.0.4), which every Prometheus
 * and {@code promtool} reads. Written on the blocking executor: some gauges read the store.
 */
final class PrometheusScrape implements HttpService {
    private static final MediaType TEXT_FORMAT = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;

    PrometheusScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(CompletableFuture.supplyAsync(
                () -> HttpResponse.of(HttpStatus.OK, TEXT_FORMAT, registry.scrape()), ctx.blockingTaskExecutor()));
    }
}
