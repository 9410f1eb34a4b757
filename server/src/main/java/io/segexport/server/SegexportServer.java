package io.segexport.server;

import com.linecorp.armeria.server.Server;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.segexport.gateway.Gateway;
import io.segexport.gateway.GatewayLimits;
import io.segexport.server.auth.AuthInterceptor;
import io.segexport.server.catalog.CatalogService;
import io.segexport.server.engine.ExportEngine;
import io.segexport.server.engine.StoreExporter;
import io.segexport.server.dataaccess.DataAccessService;
import io.segexport.server.auth.Authenticator;
import io.segexport.server.auth.ConfiguredAuthenticator;
import io.segexport.server.jobs.ExportJobService;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.jobs.JobWatchers;
import io.segexport.server.limits.Limits;
import io.segexport.server.limits.LimitsInterceptor;
import io.segexport.server.mergepolicies.MergePolicyService;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.profiles.ProfileService;
import io.segexport.server.profiles.ProfileStore;
import io.segexport.server.rpc.CommentedDescriptors;
import io.segexport.server.rpc.RequestContextInterceptor;
import io.segexport.server.rpc.WellFormedCalls;
import io.segexport.server.segments.SegmentDefinitionService;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.TenantRecords;
import io.segexport.server.tls.ServerTls;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole product in one process: the gRPC server, the REST gateway serving the same services,
 * and the export engine, on one RocksDB database. An in-process channel serves the gateway's Data
 * Access files path and the demo seeding, which call the API as a client would.
 */
public final class SegexportServer implements AutoCloseable {
    private static final String GRPC = "gRPC";
    private static final String HTTP = "HTTP";
    private final Database database;
    private final JobWatchers watchers;
    private final ExportEngine engine;
    private final io.grpc.Server grpcServer;
    private final io.grpc.Server inProcessServer;
    private final ManagedChannel gatewayChannel;
    private final Server httpServer;
    private final ExportJob demoJob;

    private SegexportServer(Database database, JobWatchers watchers, ExportEngine engine, io.grpc.Server grpcServer,
                            io.grpc.Server inProcessServer, ManagedChannel gatewayChannel, Server httpServer, ExportJob demoJob) {
        this.database = database;
        this.watchers = watchers;
        this.engine = engine;
        this.grpcServer = grpcServer;
        this.inProcessServer = inProcessServer;
        this.gatewayChannel = gatewayChannel;
        this.httpServer = httpServer;
        this.demoJob = demoJob;
    }

    /**
     * Opens the store, starts the export engine and, with {@code config.demo()}, seeds the demo world
     * and waits for its documented job to end; only then opens both ports, so that no caller sees a
     * half-seeded world. On failure, releases whatever was opened. TLS files that cannot serve fail
     * first, with an {@link IllegalArgumentException} naming the flag and file at fault, and a port in
     * use with a {@link PortInUseException}, both before the store is touched.
     */
    public static SegexportServer start(ServerConfig config) throws Exception {
        Authenticator authenticator = ConfiguredAuthenticator.create(config.devToken(), config.auth(), Clock.systemUTC());
        ServerTls tls = config.tls() == null ? null : ServerTls.load(config.tls());
        SslContext grpcTls = tls == null ? null : tls.grpcSslContext();
        PortInUseException.checkFree(GRPC, config.grpcPort());
        PortInUseException.checkFree(HTTP, config.httpPort());
        DataLayout layout = new DataLayout(config.dataDir());
        Database database = StoreMigrations.open(layout);
        io.grpc.Server grpc = null;
        io.grpc.Server inProcess = null;
        ManagedChannel channel = null;
        ExportEngine engine = null;
        JobWatchers watchers = null;
        try {
            Clock clock = Clock.systemUTC();
            watchers = new JobWatchers();
            JobStore jobs = new JobStore(database, watchers);
            TenantRecords<DataSet> dataSets = TenantRecords.dataSets(database);
            TenantRecords<Batch> batches = TenantRecords.batches(database);
            MergePolicyStore mergePolicies = new MergePolicyStore(database);
            SegmentDefinitionStore segmentDefinitions = new SegmentDefinitionStore(database);
            ProfileStore profiles = new ProfileStore(database);
            Limits limits = config.limits();
            engine = new ExportEngine(jobs, layout, new StoreExporter(profiles, mergePolicies, segmentDefinitions, clock), clock,
                    limits.orgRunningJobs());
            List<ServerServiceDefinition> api = intercepted(authenticator,
                    new LimitsInterceptor(limits),
                    new ExportJobService(jobs, dataSets, mergePolicies, clock, engine::wake, watchers),
                    new CatalogService(dataSets, batches, clock),
                    new DataAccessService(batches, layout),
                    new MergePolicyService(mergePolicies, clock),
                    new SegmentDefinitionService(segmentDefinitions, mergePolicies, clock),
                    new ProfileService(profiles, dataSets, mergePolicies, clock));

            String name = "segexport-" + UUID.randomUUID();
            InProcessServerBuilder inProcessBuilder = InProcessServerBuilder.forName(name);
            api.forEach(inProcessBuilder::addService);
            inProcess = inProcessBuilder.build().start();
            channel = InProcessChannelBuilder.forName(name).build();
            engine.start(config.workers());
            ExportJob demoJob = !config.demo() ? null : DemoData.seed(dataSets, segmentDefinitions, profiles, channel,
                    config.devToken(), clock.millis(), config.workers() > 0).orElse(null);

            HealthStatusManager health = new HealthStatusManager();
            NettyServerBuilder grpcBuilder = NettyServerBuilder.forPort(config.grpcPort())
                    .maxInboundMessageSize(limits.requestBytes())
                    .maxInboundMetadataSize(limits.headerBytes())
                    .addService(ProtoReflectionServiceV1.newInstance())
                    .addService(legacyReflection())
                    .addService(health.getHealthService());
            if (grpcTls != null) {
                grpcBuilder.sslContext(grpcTls);
            }
            api.forEach(grpcBuilder::addService);
            grpc = bind(GRPC, config.grpcPort(), () -> grpcBuilder.build().start());

            var http = Server.builder();
            if (tls != null) {
                http.https(config.httpPort()).tls(tls.privateKey(), tls.chain());
            } else {
                http.http(config.httpPort());
            }
            Gateway.configureServices(http, api, channel,
                    new GatewayLimits(limits.requestBytes(), limits.headerBytes(), limits.jsonDepth()));
            Server httpServer = http.build();
            bind(HTTP, config.httpPort(), () -> httpServer.start().join());
            return new SegexportServer(database, watchers, engine, grpc, inProcess, channel, httpServer, demoJob);
        } catch (Exception | Error e) {
            if (watchers != null) {
                watchers.close();
            }
            if (engine != null) {
                engine.close();
            }
            shutdown(grpc, inProcess, channel);
            database.close();
            throw e;
        }
    }

    private interface Binding<T> {
        T bind() throws Exception;
    }

    /** Binds a port, reporting a port taken since {@link PortInUseException#checkFree} as that. */
    private static <T> T bind(String transport, int port, Binding<T> binding) throws Exception {
        try {
            return binding.bind();
        } catch (Exception e) {
            if (PortInUseException.isBindFailure(e)) {
                throw new PortInUseException(transport, port, e);
            }
            throw e;
        }
    }

    /**
     * The API services with their interceptors; the last interceptor runs first, so every call gets
     * its request id before it is authenticated, and is held to the limits (its client's rate) once
     * authenticated. One limits interceptor serves every service: the rate is per client, whatever it calls.
     */
    private static List<ServerServiceDefinition> intercepted(Authenticator authenticator, LimitsInterceptor limits,
                                                             BindableService... services) {
        return Arrays.stream(services)
                .map(service -> ServerInterceptors.intercept(WellFormedCalls.of(service.bindService()), limits,
                        new AuthInterceptor(authenticator),
                        new RequestContextInterceptor()))
                .map(CommentedDescriptors::withComments)
                .toList();
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

    /** The open store, for tests that read it whole (e.g. to prove a request changed nothing). */
    Database database() {
        return database;
    }

    public int httpPort() {
        return httpServer.activeLocalPort();
    }

    /**
     * Ends the watches (their clients watch again elsewhere or later), drains the HTTP and gRPC
     * servers in parallel, then the in-process hop, stops the engine (a job it was running runs again
     * at the next start), then closes the store.
     */
    @Override
    public void close() throws InterruptedException {
        watchers.close();
        CompletableFuture<Void> http = httpServer.stop();
        grpcServer.shutdown();
        http.join();
        shutdown(grpcServer, inProcessServer, gatewayChannel);
        engine.close();
        database.close();
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
