package io.segexport.server;

import static io.segexport.server.PortInUseException.Transport.GRPC;
import static io.segexport.server.PortInUseException.Transport.HTTP;
import static io.segexport.server.PortInUseException.Transport.MANAGEMENT;

import com.linecorp.armeria.server.Server;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segexport.gateway.Gateway;
import io.segexport.gateway.GatewayLimits;
import io.segexport.gateway.management.ManagementServices;
import io.segexport.gateway.management.ProcessMetrics;
import io.segexport.server.PortInUseException.Transport;
import io.segexport.server.auth.Authenticator;
import io.segexport.server.auth.ConfiguredAuthenticator;
import io.segexport.server.cluster.ClusterNode;
import io.segexport.server.limits.Limits;
import io.segexport.server.metrics.GrpcMetrics;
import io.segexport.server.store.Database;
import io.segexport.server.tls.ServerTls;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole product in one process: the {@link Components}' services served over gRPC and,
 * by the REST gateway, over HTTP. An in-process channel serves the gateway's Data Access files path
 * and the demo seeding, which call the API as a client would. {@code /metrics} and the health
 * checks are served on the HTTP port, or on a management port of their own.
 */
public final class SegexportServer implements AutoCloseable {
    private final Components components;
    private final io.grpc.Server grpcServer;
    private final io.grpc.Server inProcessServer;
    private final ManagedChannel gatewayChannel;
    private final Server httpServer;
    private final ExportJob demoJob;
    private final Operations operations;

    private SegexportServer(
            Components components,
            io.grpc.Server grpcServer,
            io.grpc.Server inProcessServer,
            ManagedChannel gatewayChannel,
            Server httpServer,
            ExportJob demoJob,
            Operations operations) {
        this.components = components;
        this.grpcServer = grpcServer;
        this.inProcessServer = inProcessServer;
        this.gatewayChannel = gatewayChannel;
        this.httpServer = httpServer;
        this.demoJob = demoJob;
        this.operations = operations;
    }

    /**
     * What operators watch the server through, from before the store opens to after it closes: the
     * meter registry, the process's meters, the readiness, and the management port's server (null
     * when {@code /metrics} and the checks are on the HTTP port).
     */
    private record Operations(
            PrometheusMeterRegistry registry, ProcessMetrics process, Readiness readiness, Server management) {
        static Operations start(OptionalInt managementPort, Path backupDir, Clock clock) throws Exception {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ProcessMetrics process = ProcessMetrics.bindTo(registry);
            Readiness readiness = new Readiness();
            Server management = null;
            if (managementPort.isPresent()) {
                PortInUseException.checkFree(MANAGEMENT, managementPort.getAsInt());
                // Armeria's own meters stay off the registry: its shared blocking executor is the HTTP
                // port's too, and is measured there once.
                var sb = Server.builder().http(managementPort.getAsInt());
                ManagementServices.configure(sb, registry, readiness);
                sb.service("/admin/backups", new BackupService(readiness, backupDir, clock));
                Server built = sb.build();
                management = bind(MANAGEMENT, managementPort.getAsInt(), () -> {
                    built.start().join();
                    return built;
                });
            }
            return new Operations(registry, process, readiness, management);
        }

        void close() {
            if (management != null) {
                management.stop().join();
            }
            process.close();
            registry.close();
        }
    }

    /**
     * Opens the store, starts the export engine and, with {@code config.demo()}, seeds the demo world
     * and waits for its documented job to end; only then opens both ports, so that no caller sees a
     * half-seeded world. On failure, releases whatever was opened. TLS files that cannot serve fail
     * first, with an {@link IllegalArgumentException} naming the flag and file at fault, and a port in
     * use with a {@link PortInUseException}, both before the store is touched.
     */
    public static SegexportServer start(ServerConfig asked) throws Exception {
        return start(asked, OptionalInt.empty());
    }

    /**
     * {@link #start(ServerConfig)}, with {@code /metrics} and the health checks on
     * {@code managementPort} (0 picks a free one) rather than the HTTP port, when it is given. That
     * port opens first, before the store: it answers live at once, and ready once the server is.
     */
    public static SegexportServer start(ServerConfig asked, OptionalInt managementPort) throws Exception {
        return start(asked, managementPort, null);
    }

    /**
     * {@link #start(ServerConfig, OptionalInt)}, with {@code POST /admin/backups} on the management
     * port backing the store up to a new folder of {@code backupDir} (null: refused).
     */
    public static SegexportServer start(ServerConfig asked, OptionalInt managementPort, Path backupDir)
            throws Exception {
        ServerConfig config = withKnownGrpcPort(asked);
        Authenticator authenticator = ConfiguredAuthenticator.create(config.devToken(), config.auth(), config.clock());
        ServerTls tls = config.tls() == null ? null : ServerTls.load(config.tls());
        SslContext grpcTls = tls == null ? null : tls.grpcSslContext();
        PortInUseException.checkFree(GRPC, config.grpcPort());
        PortInUseException.checkFree(HTTP, config.httpPort());
        Operations operations = Operations.start(managementPort, backupDir, config.clock());
        Components components;
        try {
            components = config.cluster() == null
                    ? ServerComponents.open(config, authenticator, operations.registry())
                    : ClusterComponents.open(
                            config,
                            authenticator,
                            new ClusterNode.Peering(config.grpcPort(), tls == null ? null : tls.peerSslContext()),
                            operations.registry());
        } catch (Exception | Error e) {
            operations.close();
            throw e;
        }
        io.grpc.Server inProcess = null;
        ManagedChannel channel = null;
        io.grpc.Server grpc = null;
        try {
            String name = "segexport-" + UUID.randomUUID();
            inProcess = mount(InProcessServerBuilder.forName(name), components.api())
                    .build()
                    .start();
            channel = InProcessChannelBuilder.forName(name).build();
            ExportJob demoJob = !config.demo()
                    ? null
                    : components
                            .seedDemo(channel, config.devToken(), config.workers() > 0)
                            .orElse(null);
            NettyServerBuilder grpcBuilder =
                    mount(mount(grpcServer(config, grpcTls, operations), components.api()), components.peers());
            grpc = bind(GRPC, config.grpcPort(), () -> grpcBuilder.build().start());
            Server http = httpServer(config, tls, components, channel, operations);
            bind(HTTP, config.httpPort(), () -> http.start().join());
            operations.readiness().started(components, components.api());
            return new SegexportServer(components, grpc, inProcess, channel, http, demoJob, operations);
        } catch (Exception | Error e) {
            shutdown(grpc, inProcess, channel);
            try {
                components.close();
            } finally {
                operations.close();
            }
            throw e;
        }
    }

    /** A cluster's node tells the others its gRPC port as it joins, before it binds it: "any free port" is chosen now. */
    private static ServerConfig withKnownGrpcPort(ServerConfig config) throws IOException {
        return config.cluster() != null && config.grpcPort() == 0
                ? config.withGrpcPort(PortInUseException.freePort())
                : config;
    }

    private static <T extends ServerBuilder<T>> T mount(T builder, List<ServerServiceDefinition> api) {
        api.forEach(builder::addService);
        return builder;
    }

    /**
     * The gRPC port's server, with reflection and health besides the API (which {@link #mount} adds),
     * every call timed.
     */
    private static NettyServerBuilder grpcServer(ServerConfig config, SslContext tls, Operations operations) {
        NettyServerBuilder builder = NettyServerBuilder.forPort(config.grpcPort())
                .maxInboundMessageSize(config.limits().requestBytes())
                .maxInboundMetadataSize(config.limits().headerBytes())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(legacyReflection())
                .addService(operations.readiness().grpcHealth())
                .intercept(new GrpcMetrics(operations.registry()));
        return tls == null ? builder : builder.sslContext(tls);
    }

    /**
     * The HTTP port's server: the REST gateway over the API, its files path through {@code channel},
     * and the operators' paths unless the management port has them.
     */
    private static Server httpServer(
            ServerConfig config, ServerTls tls, Components components, ManagedChannel channel, Operations operations) {
        var http = Server.builder().requestTimeout(components.requestTimeout()).meterRegistry(operations.registry());
        if (tls != null) {
            http.https(config.httpPort()).tls(tls.privateKey(), tls.chain());
        } else {
            http.http(config.httpPort());
        }
        Limits limits = config.limits();
        Gateway.configureServices(
                http,
                components.api(),
                channel,
                new GatewayLimits(limits.requestBytes(), limits.headerBytes(), limits.jsonDepth(), limits.fileBytes()));
        if (operations.management() == null) {
            ManagementServices.configure(http, operations.registry(), operations.readiness());
        }
        return http.build();
    }

    private interface Binding<T> {
        T bind() throws Exception;
    }

    /** Binds a port, reporting a port taken since {@link PortInUseException#checkFree} as that. */
    private static <T> T bind(Transport transport, int port, Binding<T> binding) throws Exception {
        try {
            return binding.bind();
        } catch (Exception e) {
            if (PortInUseException.isBindFailure(e)) {
                throw new PortInUseException(transport, port, e);
            }
            throw e;
        }
    }

    @SuppressWarnings("deprecation")
    private static BindableService legacyReflection() {
        return ProtoReflectionService.newInstance();
    }

    /**
     * The documented export job as the demo's seeding left it (ended, unless no worker runs jobs),
     * when this start seeded the demo world.
     */
    public Optional<ExportJob> demoJob() {
        return Optional.ofNullable(demoJob);
    }

    public int grpcPort() {
        return grpcServer.getPort();
    }

    /** The open embedded store, for tests that read it whole (e.g. to prove a request changed nothing). */
    Database database() {
        return ((ServerComponents) components).database();
    }

    public int httpPort() {
        return httpServer.activeLocalPort();
    }

    /** The management port, when the server was started with one. */
    public OptionalInt managementPort() {
        return operations.management() == null
                ? OptionalInt.empty()
                : OptionalInt.of(operations.management().activeLocalPort());
    }

    /**
     * Stops being ready, ends the watches (their clients watch again elsewhere or later), drains the
     * HTTP and gRPC servers in parallel, then the in-process hop, then closes the components (the
     * engine, then the store), and last the management port.
     */
    @Override
    public void close() throws InterruptedException {
        operations.readiness().stopping();
        components.endWatches();
        CompletableFuture<Void> http = httpServer.stop();
        grpcServer.shutdown();
        http.join();
        shutdown(grpcServer, inProcessServer, gatewayChannel);
        try {
            components.close();
        } finally {
            operations.close();
        }
    }

    /** Shuts down whichever of these were started, waiting for calls in flight to finish. */
    private static void shutdown(io.grpc.Server grpc, io.grpc.Server inProcess, ManagedChannel channel)
            throws InterruptedException {
        if (grpc != null && !grpc.shutdown().awaitTermination(10, TimeUnit.SECONDS)) {
            grpc.shutdownNow();
        }
        if (channel != null && !channel.shutdown().awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
        if (inProcess != null && !inProcess.shutdown().awaitTermination(5, TimeUnit.SECONDS)) {
            inProcess.shutdownNow();
        }
    }
}
