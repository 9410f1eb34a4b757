package io.segexport.server;

import com.linecorp.armeria.server.healthcheck.HealthChecker;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.Optional;

/**
 * Whether the server takes API calls: from the moment its store is open, its interrupted jobs and
 * batches are queued again and the demo is seeded, until it begins to stop; and, in a cluster,
 * while the node's streams run. HTTP's {@code /health/ready} asks {@link #isHealthy}; gRPC's health
 * service answers per API service (and for the server as a whole, "") as it is told here.
 */
final class Readiness implements HealthChecker {
    private final HealthStatusManager grpc = new HealthStatusManager();
    private volatile Components components;
    private volatile boolean stopping;

    @Override
    public boolean isHealthy() {
        Components started = components;
        return started != null && !stopping && started.isReady();
    }

    /** The components, while they are ready. */
    Optional<Components> readyComponents() {
        Components started = components;
        return isHealthy() ? Optional.of(started) : Optional.empty();
    }

    /** The components are started: the server and each of {@code services} are serving. */
    void started(Components started, List<ServerServiceDefinition> services) {
        components = started;
        grpc.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        services.forEach(
                service -> grpc.setStatus(service.getServiceDescriptor().getName(), ServingStatus.SERVING));
    }

    /** The server begins to stop: nothing is ready any more, for good. */
    void stopping() {
        stopping = true;
        grpc.enterTerminalState();
    }

    /** gRPC's health service, {@code grpc.health.v1.Health}. */
    BindableService grpcHealth() {
        return grpc.getHealthService();
    }
}
