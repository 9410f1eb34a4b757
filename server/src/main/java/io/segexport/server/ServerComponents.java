package io.segexport.server;

import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.segexport.server.auth.AuthInterceptor;
import io.segexport.server.auth.Authenticator;
import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.batchstore.LocalBatchStore;
import io.segexport.server.batchstore.S3BatchStore;
import io.segexport.server.catalog.CatalogService;
import io.segexport.server.dataaccess.DataAccessService;
import io.segexport.server.engine.ExportEngine;
import io.segexport.server.engine.StoreExporter;
import io.segexport.server.ingest.batches.BatchIngestion;
import io.segexport.server.ingest.batches.LocalBatchLedger;
import io.segexport.server.ingest.batches.ProcessingSite;
import io.segexport.server.ingest.batches.UploadFolder;
import io.segexport.server.ingest.collection.CollectionService;
import io.segexport.server.jobs.ExportJobService;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.jobs.JobWatchers;
import io.segexport.server.limits.Limits;
import io.segexport.server.limits.LimitsInterceptor;
import io.segexport.server.mergepolicies.MergePolicyService;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.metrics.JobMetrics;
import io.segexport.server.metrics.StoreMetrics;
import io.segexport.server.profiles.ProfileService;
import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.retention.BatchRemovals;
import io.segexport.server.retention.RetentionSweep;
import io.segexport.server.retention.stored.BatchRemoval;
import io.segexport.server.rpc.CommentedDescriptors;
import io.segexport.server.rpc.RequestContextInterceptor;
import io.segexport.server.rpc.WellFormedCalls;
import io.segexport.server.segments.SegmentDefinitionService;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Records;
import io.segexport.server.store.StoreBackup;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Everything the server is but its transports: the database over the data folder, the stores on it,
 * the running export engine, and the API's service definitions with their interceptors, ready to be
 * mounted on any gRPC server (Netty, in-process) and the REST gateway. Closing it stops the engine,
 * then closes the database; close the transports first.
 */
final class ServerComponents implements Components {
    private final Database database;
    private final DataLayout layout;
    private final BatchStore batchStore;
    private final JobWatchers watchers;
    private final Records<DataSet> dataSets;
    private final SegmentDefinitionStore segmentDefinitions;
    private final ProfileStore profiles;
    private final ExportEngine engine;
    private final BatchIngestion batchIngestion;
    private final BatchRemovals removals;
    /** Null when nothing expires. */
    private final RetentionSweep retention;

    private final List<ServerServiceDefinition> api;
    private final Clock clock;

    private ServerComponents(
            Database database,
            DataLayout layout,
            BatchStore batchStore,
            Authenticator authenticator,
            Limits limits,
            Clock clock,
            Duration retentionAge,
            MeterRegistry registry)
            throws RocksDBException {
        this.database = database;
        this.layout = layout;
        this.batchStore = batchStore;
        this.clock = clock;
        watchers = new JobWatchers();
        JobStore jobs = new JobStore(database, watchers.andThen(new JobMetrics(registry)));
        JobMetrics.bindQueue(registry, jobs::activeCounts);
        StoreMetrics.bindTo(registry, database);
        IngestMeter ingestMeter = new IngestMeter(registry);
        dataSets = TenantRecords.dataSets(database);
        TenantRecords<Batch> batches = TenantRecords.batches(database);
        MergePolicyStore mergePolicies = new MergePolicyStore(database);
        segmentDefinitions = new SegmentDefinitionStore(database);
        profiles = new ProfileStore(database);
        engine = new ExportEngine(
                jobs,
                layout,
                batchStore,
                new StoreExporter(profiles, mergePolicies, segmentDefinitions, clock),
                clock,
                limits.orgRunningJobs());
        LocalBatchLedger ledger = new LocalBatchLedger(database, batches);
        removals = new BatchRemovals(
                ledger,
                batches,
                TenantRecords.of(database, Family.BATCH_REMOVALS, BatchRemoval.parser(), "batch removal"),
                batchStore,
                clock);
        removals.resume();
        retention = retentionAge == null ? null : new RetentionSweep(retentionAge, jobs, batches, removals, clock);
        batchIngestion = new BatchIngestion(
                ledger,
                new UploadFolder(layout),
                layout,
                batchStore,
                dataSets,
                ProcessingSite.embedded(new RepeatableIngestion(profiles), profiles),
                limits,
                clock,
                ingestMeter);
        api = intercepted(
                authenticator,
                new LimitsInterceptor(limits),
                new ExportJobService(jobs, dataSets, mergePolicies, clock, engine::wake, watchers),
                new CatalogService(dataSets, batches, removals, clock),
                new DataAccessService(batches, batchStore),
                new MergePolicyService(mergePolicies, clock),
                new SegmentDefinitionService(segmentDefinitions, mergePolicies, clock),
                new ProfileService(profiles, profiles, dataSets, mergePolicies, clock, ingestMeter),
                batchIngestion.service(),
                new CollectionService(dataSets, profiles, batchIngestion, clock, ingestMeter));
    }

    /**
     * Opens the database of {@code config.dataDir()} and the batch store, builds the stores and
     * services on them, their meters on {@code registry}, and starts the engine's
     * {@code config.workers()} workers; on failure, closes what it opened.
     */
    static ServerComponents open(ServerConfig config, Authenticator authenticator, MeterRegistry registry)
            throws Exception {
        DataLayout layout = new DataLayout(config.dataDir());
        Database database = StoreMigrations.open(layout);
        BatchStore batchStore = null;
        ServerComponents components = null;
        try {
            batchStore = config.batchStore() == null
                    ? new LocalBatchStore(layout)
                    : S3BatchStore.open(
                            config.batchStore(),
                            DefaultCredentialsProvider.builder().build(),
                            S3BatchStore.DEFAULT_PART_SIZE);
            components = new ServerComponents(
                    database,
                    layout,
                    batchStore,
                    authenticator,
                    config.limits(),
                    config.clock(),
                    config.retention(),
                    registry);
            components.engine.start(config.workers());
            components.batchIngestion.start();
            if (components.retention != null) {
                components.retention.start();
            }
            return components;
        } catch (Exception | Error e) {
            if (components != null) {
                components.close();
            } else {
                if (batchStore != null) {
                    batchStore.close();
                }
                database.close();
            }
            throw e;
        }
    }

    /**
     * The API services with their interceptors; the last interceptor runs first, so every call gets
     * its request id before it is authenticated, and is held to the limits (its client's rate) once
     * authenticated. One limits interceptor serves every service: the rate is per client, whatever it calls.
     */
    static List<ServerServiceDefinition> intercepted(
            Authenticator authenticator, LimitsInterceptor limits, BindableService... services) {
        return Arrays.stream(services)
                .map(service -> ServerInterceptors.intercept(
                        WellFormedCalls.of(service.bindService()),
                        limits,
                        new AuthInterceptor(authenticator),
                        new RequestContextInterceptor()))
                .map(CommentedDescriptors::withComments)
                .toList();
    }

    @Override
    public List<ServerServiceDefinition> api() {
        return api;
    }

    /** The open store, for tests that read it whole (e.g. to prove a request changed nothing). */
    Database database() {
        return database;
    }

    /** Armeria's default: every call on one node's store answers well within it. */
    @Override
    public Duration requestTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * Seeds the demo world (see {@link DemoData#seed}), its API calls sent through {@code channel},
     * which must reach these components' services.
     */
    @Override
    public Optional<ExportJob> seedDemo(Channel channel, String devToken, boolean awaitJob)
            throws InterruptedException {
        return DemoData.seed(dataSets, segmentDefinitions, profiles, channel, devToken, clock.millis(), awaitJob);
    }

    /**
     * Ends the watches with UNAVAILABLE (their clients watch again elsewhere or later), so that the
     * transports can drain without waiting for jobs to end; {@link #close} ends them too.
     */
    @Override
    public void endWatches() throws InterruptedException {
        watchers.close();
    }

    @Override
    public Optional<StoreBackup.Taken> backUp(Path target) throws IOException, RocksDBException {
        return StoreBackup.take(database, layout, target, batchStore instanceof LocalBatchStore);
    }

    /** Ends the watches, stops the engine (a job it was running runs again at the next start), closes the store. */
    @Override
    public void close() throws InterruptedException {
        try {
            endWatches();
            try {
                if (retention != null) {
                    retention.close();
                }
                batchIngestion.close();
            } finally {
                engine.close();
            }
        } finally {
            batchStore.close();
            database.close();
        }
    }
}
