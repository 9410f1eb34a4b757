package io.segexport.server.cluster;

import io.grpc.BindableService;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.segexport.server.batchstore.S3BatchStore;
import io.segexport.server.ingest.batches.BatchLedger;
import io.segexport.server.ingest.batches.ProcessingSite;
import io.segexport.server.jobs.ExportJobs;
import io.segexport.server.jobs.JobChangeListener;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.profiles.store.ProfileLookup;
import io.segexport.server.profiles.store.ProfileWrites;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.Records;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSet;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.SegmentDefinition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster: its Kafka Streams instances (the topology of {@link ClusterTopology}, and
 * the job ledger's, their state under the data folder), and what the API's services read and write through it: the
 * catalog's records and the jobs in the records topic, ingestion into the ingest topic, and the
 * node's share of the exports ({@link ClusterExports}). Every node is the same; Kafka assigns the
 * work.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration START = Duration.ofMinutes(2);

    /**
     * How long a call may take: longer than any wait on the cluster's Kafka ({@link
     * ClusterRecords#WAIT}), e.g. a job command answered once its ledger has moved off a lost node,
     * so that a call that cannot be served ends with the UNAVAILABLE naming what did not answer.
     */
    public static final Duration CALL_TIMEOUT = ClusterRecords.WAIT.plusSeconds(15);

    private final KafkaStreams streams;
    private final KafkaStreams ledger;
    private final ClusterRecords records;
    private final LedgerCommands commands;
    private final ClusterJobs jobs;
    private final ClusterBatchLedger batchLedger;
    private final Ownership ownership;
    private final int partitions;
    private final IngestProducer ingest;
    private final ClusterEventRemoval eventRemoval;
    private final ClusterExports exports;
    private final PeerChannels peers;
    private final ClusterLookup lookups;
    private final List<KafkaStreamsMetrics> streamsMetrics = new CopyOnWriteArrayList<>();

    /**
     * How the other nodes reach this one, for profile lookups in the partitions it owns.
     *
     * @param grpcPort the port this node's gRPC server binds, at the config's advertised host
     * @param tls      the TLS context of calls to the other nodes; null when they serve plain text
     */
    public record Peering(int grpcPort, SslContext tls) {}

    private ClusterNode(
            KafkaStreams streams,
            KafkaStreams ledger,
            ClusterRecords records,
            LedgerCommands commands,
            ClusterJobs jobs,
            Ownership ownership,
            int partitions,
            IngestProducer ingest,
            ClusterEventRemoval eventRemoval,
            ClusterExports exports,
            PeerChannels peers,
            ClusterLookup lookups) {
        this.streams = streams;
        this.ledger = ledger;
        this.records = records;
        this.commands = commands;
        this.jobs = jobs;
        this.batchLedger = new ClusterBatchLedger(records, commands);
        this.ownership = ownership;
        this.partitions = partitions;
        this.ingest = ingest;
        this.eventRemoval = eventRemoval;
        this.exports = exports;
        this.peers = peers;
        this.lookups = lookups;
    }

    /**
     * Creates the cluster's topics if they are missing, starts this node's Streams instance and
     * waits until it runs (its global store restored), then starts its exports with {@code workers}
     * threads; {@code watchers} hears every change of a job.
     */
    public static ClusterNode start(
            ClusterConfig config,
            Path dataDir,
            S3BatchStore batchStore,
            JobChangeListener watchers,
            Clock clock,
            int workers,
            int maxRunningPerOrg,
            int maxIdentities,
            Peering peering)
            throws Exception {
        ClusterNames names = new ClusterNames(config.name());
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            ClusterTopics.create(admin, names, config.partitions(), config.replication());
        }
        GlobalPosition position = new GlobalPosition();
        GlobalJobs globalJobs = new GlobalJobs(watchers);
        CommandReplies replies = new CommandReplies();
        HostInfo self = new HostInfo(config.advertisedHost(), peering.grpcPort());
        Properties streamsConfig = ClusterStreams.config(
                names, config.bootstrapServers(), dataDir.resolve("streams"), config.replication());
        streamsConfig.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        KafkaStreams streams =
                new KafkaStreams(ClusterTopology.build(names, position, globalJobs, replies), streamsConfig);
        KafkaStreams ledger = new KafkaStreams(
                ClusterTopology.ledger(names),
                ClusterStreams.ledgerConfig(
                        names, config.bootstrapServers(), dataDir.resolve("streams-jobs"), config.replication()));
        streams.start();
        ledger.start();
        try {
            awaitRunning(streams);
            awaitRunning(ledger);
        } catch (Exception e) {
            ClusterStreams.leave(ledger);
            ClusterStreams.leave(streams);
            throw e;
        }
        ClusterRecords records = new ClusterRecords(config.bootstrapServers(), names, streams, position);
        LedgerCommands commands = new LedgerCommands(config.bootstrapServers(), names, replies);
        ClusterJobs jobs = new ClusterJobs(records, globalJobs, commands);
        ClusterExports exports = new ClusterExports(
                names,
                config.bootstrapServers(),
                streams,
                ledger,
                jobs,
                new MergePolicyStore(records.mergePolicies()),
                new SegmentDefinitionStore(records.segmentDefinitions()),
                batchStore,
                clock,
                new ClusterExports.Settings(
                        dataDir.resolve("staging"), config.partitions(), workers, maxRunningPerOrg, maxIdentities));
        exports.start(workers);
        logger.info("Node {} of cluster {} runs, on {}", config.nodeId(), config.name(), config.bootstrapServers());
        PeerChannels peers = new PeerChannels(peering.tls());
        return new ClusterNode(
                streams,
                ledger,
                records,
                commands,
                jobs,
                new Ownership(streams, ledger, names),
                config.partitions(),
                new IngestProducer(config.bootstrapServers(), names),
                new ClusterEventRemoval(config.bootstrapServers(), names, config.partitions(), maxIdentities),
                exports,
                peers,
                new ClusterLookup(streams, self, peers));
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (!streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("the node's Kafka Streams instance stopped: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node's Kafka Streams instance did not run within "
                        + START.toSeconds() + " s: is Kafka up?");
            }
            Thread.sleep(100);
        }
    }

    public ExportJobs jobs() {
        return jobs;
    }

    public Records<DataSet> dataSets() {
        return records.dataSets();
    }

    public Records<Batch> batches() {
        return records.batches();
    }

    public Records<MergePolicy> mergePolicies() {
        return records.mergePolicies();
    }

    public Records<SegmentDefinition> segmentDefinitions() {
        return records.segmentDefinitions();
    }

    /** The ingestion batches, changed through the job ledger. */
    public BatchLedger batchLedger() {
        return batchLedger;
    }

    /**
     * Whether this node processes the ingestion batch: it does when it owns the profile partition
     * the batch's id falls in, so that batches spread over the nodes and move with their partition.
     */
    public boolean processes(String batchId) {
        return ownership.profilePartitions().contains(Math.floorMod(batchId.hashCode(), partitions));
    }

    /** A REVERT's removal of a batch's events, from every partition. */
    public ProcessingSite.EventRemoval eventRemoval() {
        return eventRemoval;
    }

    /** Where ingestion sends its records: the ingest topic. */
    public ProfileWrites ingest() {
        return ingest;
    }

    /** Profile lookups, from whichever node owns each partition they read. */
    public ProfileLookup lookups() {
        return lookups;
    }

    /** The service the other nodes read this node's partitions through: mount it on the gRPC port. */
    public BindableService peerReads() {
        return new PeerReads(lookups);
    }

    /** Whether both of the node's Kafka Streams instances run or rebalance: it can take calls. */
    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing() && ledger.state().isRunningOrRebalancing();
    }

    /**
     * Binds the Kafka clients' figures of both instances (consumer lag, records processed, ...) to
     * {@code registry}, tagged {@code instance} "records" or "ledger"; closing the node unbinds them.
     */
    public void bindMetrics(MeterRegistry registry) {
        streamsMetrics.add(new KafkaStreamsMetrics(streams, Tags.of("instance", "records")));
        streamsMetrics.add(new KafkaStreamsMetrics(ledger, Tags.of("instance", "ledger")));
        streamsMetrics.forEach(metrics -> metrics.bindTo(registry));
    }

    /** Tells this node's exports a job is waiting. */
    public void wake() {
        exports.wake();
    }

    /** Stops the exports (their partitions are exported again by their next owners), then leaves the group. */
    @Override
    public void close() throws InterruptedException {
        try {
            exports.close();
        } finally {
            streamsMetrics.forEach(KafkaStreamsMetrics::close);
            peers.close();
            ingest.close();
            eventRemoval.close();
            commands.close();
            records.close();
            ClusterStreams.leave(ledger);
            ClusterStreams.leave(streams);
        }
    }
}
