package io.segexport.server;

import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.segexport.server.auth.Authenticator;
import io.segexport.server.batchstore.S3BatchStore;
import io.segexport.server.catalog.BatchDeletion;
import io.segexport.server.catalog.CatalogService;
import io.segexport.server.cluster.ClusterNode;
import io.segexport.server.dataaccess.DataAccessService;
import io.segexport.server.ingest.batches.BatchIngestion;
import io.segexport.server.ingest.batches.BucketUploads;
import io.segexport.server.ingest.batches.ProcessingSite;
import io.segexport.server.ingest.collection.CollectionService;
import io.segexport.server.jobs.ExportJobService;
import io.segexport.server.jobs.JobWatchers;
import io.segexport.server.limits.LimitsInterceptor;
import io.segexport.server.mergepolicies.MergePolicyService;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.profiles.ProfileService;
import io.segexport.server.segments.SegmentDefinitionService;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Records;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * A node of a cluster, but its transports: the node on Kafka ({@link ClusterNode}), the batch store
 * every node shares, and the API's services over them, the same services as the embedded mode's.
 * Batch ingestion keeps its batches through the job ledger and its uploads in the batch store's
 * bucket, and each node processes the batches of the profile partitions it owns.
 */
final class ClusterComponents implements Components {

    private final S3BatchStore batchStore;
    private final JobWatchers watchers;
    private final ClusterNode node;
    private final BatchIngestion batchIngestion;
    private final List<ServerServiceDefinition> api;
    private final List<ServerServiceDefinition> peers;

    private ClusterComponents(
            S3BatchStore batchStore,
            JobWatchers watchers,
            ClusterNode node,
            Authenticator authenticator,
            ServerConfig config,
            MeterRegistry registry) {
        this.batchStore = batchStore;
        this.watchers = watchers;
        this.node = node;
        Clock clock = config.clock();
        Records<DataSet> dataSets = node.dataSets();
        Records<Batch> batches = node.batches();
        MergePolicyStore mergePolicies = new MergePolicyStore(node.mergePolicies());
        DataLayout layout = new DataLayout(config.dataDir());
        IngestMeter ingestMeter = new IngestMeter(registry);
        node.bindMetrics(registry);
        batchIngestion = new BatchIngestion(
                node.batchLedger(),
                new BucketUploads(batchStore, layout.uploads()),
                layout,
                batchStore,
                dataSets,
                ProcessingSite.cluster(node.ingest(), node.eventRemoval(), node::processes),
                config.limits(),
                clock,
                ingestMeter);
        api = ServerComponents.intercepted(
                authenticator,
                new LimitsInterceptor(config.limits()),
                new ExportJobService(node.jobs(), dataSets, mergePolicies, clock, node::wake, watchers),
                new CatalogService(dataSets, batches, BatchDeletion.REFUSED_ON_A_CLUSTER, clock),
                new DataAccessService(batches, batchStore),
                new MergePolicyService(mergePolicies, clock),
                new SegmentDefinitionService(
                        new SegmentDefinitionStore(node.segmentDefinitions()), mergePolicies, clock),
                new ProfileService(node.ingest(), node.lookups(), dataSets, mergePolicies, clock, ingestMeter),
                batchIngestion.service(),
                new CollectionService(dataSets, node.ingest(), batchIngestion, clock, ingestMeter));
        peers = ServerComponents.intercepted(authenticator, new LimitsInterceptor(config.limits()), node.peerReads());
    }

    /**
     * Opens the batch store and joins the cluster, as the node the others reach as {@code peering}
     * says, its meters on {@code registry}; on failure, closes what it opened.
     */
    static ClusterComponents open(
            ServerConfig config, Authenticator authenticator, ClusterNode.Peering peering, MeterRegistry registry)
            throws Exception {
        S3BatchStore batchStore = S3BatchStore.open(
                config.batchStore(), DefaultCredentialsProvider.builder().build(), S3BatchStore.DEFAULT_PART_SIZE);
        JobWatchers watchers = new JobWatchers();
        try {
            ClusterNode node = ClusterNode.start(
                    config.cluster(),
                    config.dataDir(),
                    batchStore,
                    watchers,
                    config.clock(),
                    config.workers(),
                    config.limits().orgRunningJobs(),
                    config.limits().recordIdentities(),
                    peering);
            ClusterComponents components =
                    new ClusterComponents(batchStore, watchers, node, authenticator, config, registry);
            components.batchIngestion.start();
            return components;
        } catch (Exception | Error e) {
            watchers.close();
            batchStore.close();
            throw e;
        }
    }

    @Override
    public List<ServerServiceDefinition> api() {
        return api;
    }

    @Override
    public List<ServerServiceDefinition> peers() {
        return peers;
    }

    /** Ready while the node's Kafka Streams instances run: not once one has failed or is stopping. */
    @Override
    public boolean isReady() {
        return node.isRunning();
    }

    @Override
    public Duration requestTimeout() {
        return ClusterNode.CALL_TIMEOUT;
    }

    @Override
    public Optional<ExportJob> seedDemo(Channel channel, String devToken, boolean awaitJob) {
        throw new IllegalStateException("a cluster's node does not seed the demo world");
    }

    @Override
    public void endWatches() throws InterruptedException {
        watchers.close();
    }

    /**
     * Ends the watches, stops processing batches (their next owners process them), leaves the cluster
     * (this node's partitions move to the others), closes the batch store.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            endWatches();
            batchIngestion.close();
            node.close();
        } finally {
            batchStore.close();
        }
    }
}
