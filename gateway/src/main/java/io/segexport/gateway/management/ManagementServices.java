package io.segexport.gateway.management;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.healthcheck.HealthChecker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The operators' paths: {@code /metrics}, {@code /health/live} (the process serves HTTP: restart it
 * when this fails), {@code /health/ready} (it can take API calls: send it traffic only while this
 * passes) and {@code /health}, the readiness check under its older name. Both checks fail once the
 * server begins to stop, so a balancer drains it first.
 */
public final class ManagementServices {
    private ManagementServices() {}

    /** Adds the paths to {@code sb}, whose meter registry should be {@code registry} too. */
    public static void configure(ServerBuilder sb, PrometheusMeterRegistry registry, HealthChecker ready) {
        sb.service("/metrics", new PrometheusScrape(registry))
                .service("/health/live", HealthCheckService.of())
                .service("/health/ready", readiness(ready))
                .service("/health", readiness(ready));
    }

    /** Without long polling: readiness is asked, not pushed, so a watcher would never hear of a change. */
    private static HealthCheckService readiness(HealthChecker ready) {
        return HealthCheckService.builder().checkers(ready).longPolling(0).build();
    }
}
