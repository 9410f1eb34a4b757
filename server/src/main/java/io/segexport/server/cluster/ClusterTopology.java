package io.segexport.server.cluster;

import io.segexport.server.jobs.JobChangeListener;
import io.segexport.server.store.Database.Family;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * What each node runs on Kafka Streams. The ingest topology: records come in on the ingest topic keyed by their primary
 * identity; {@link IdentityHops} resolves and links them in their identities' partitions, going from
 * one to the next through the hops topic; {@link ProfileMerges} merges them in their profile's
 * partition, reached through the profile records topic ({@link ClusterNames}). All three topics have the same number of partitions,
 * and an identity's link and the profile keyed by that identity share a key and so a partition.
 * Every store is a RocksDB store with a changelog topic. And the records topic, which every node
 * keeps whole in a global store ({@link GlobalRecordsProcessor}), reporting how far to
 * {@code position}.
 */
public final class ClusterTopology {
    static final String TO_HOPS = "to-hops";
    static final String TO_PROFILES = "to-profiles";

    private static final String IDENTITIES = "identities";
    private static final String MERGES = "profiles";
    private static final String LEDGER = "job-ledger";

    private ClusterTopology() {}

    /** The topology, its job changes told to no one and no command answered: for the ingest's tests. */
    public static Topology build(ClusterNames names, GlobalPosition position) {
        return build(names, position, new GlobalJobs(JobChangeListener.NONE), new CommandReplies());
    }

    static Topology build(ClusterNames names, GlobalPosition position, GlobalJobs jobs, CommandReplies replies) {
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(GlobalRecordsProcessor.STORE),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withLoggingDisabled(),
                "records-source",
                Serdes.Bytes().deserializer(),
                Serdes.ByteArray().deserializer(),
                names.records(),
                "records",
                () -> new GlobalRecordsProcessor(position, jobs, replies));
        topology.addSource(
                "ingest", Serdes.Bytes().deserializer(), Serdes.ByteArray().deserializer(), names.ingest());
        topology.addSource(
                "hops", Serdes.Bytes().deserializer(), Serdes.ByteArray().deserializer(), names.hops());
        topology.addProcessor(IDENTITIES, IdentityHops::new, "ingest", "hops");
        addStores(topology, IDENTITIES, List.of(Family.IDENTITIES));
        topology.addSink(
                TO_HOPS,
                names.hops(),
                Serdes.Bytes().serializer(),
                Serdes.ByteArray().serializer(),
                IDENTITIES);
        topology.addSink(
                TO_PROFILES,
                names.profileRecords(),
                Serdes.Bytes().serializer(),
                Serdes.ByteArray().serializer(),
                IDENTITIES);

        topology.addSource(
                "profile-records",
                Serdes.Bytes().deserializer(),
                Serdes.ByteArray().deserializer(),
                names.profileRecords());
        topology.addProcessor(MERGES, ProfileMerges::new, "profile-records");
        addStores(topology, MERGES, ProfileMerges.FAMILIES);

        return topology;
    }

    /**
     * The job ledger ({@link JobLedger}), the one task of the job commands topic, which publishes the
     * jobs to the records topic. It runs in a Streams instance of its own on each node, so that a
     * command is never queued behind the ingest's backlog in a stream thread.
     */
    static Topology ledger(ClusterNames names) {
        Topology topology = new Topology();
        topology.addSource(
                "job-commands",
                Serdes.Bytes().deserializer(),
                Serdes.ByteArray().deserializer(),
                names.jobCommands());
        topology.addProcessor(LEDGER, JobLedger::new, "job-commands");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JobLedger.STORE), Serdes.Bytes(), Serdes.ByteArray()),
                LEDGER);
        topology.addSink(
                "to-records",
                names.records(),
                Serdes.Bytes().serializer(),
                Serdes.ByteArray().serializer(),
                LEDGER);
        return topology;
    }

    private static void addStores(Topology topology, String processor, List<Family> families) {
        for (Family family : families) {
            topology.addStateStore(
                    Stores.keyValueStoreBuilder(
                                    Stores.persistentKeyValueStore(StoreState.storeName(family)),
                                    Serdes.Bytes(),
                                    Serdes.ByteArray())
                            .withCachingEnabled(),
                    processor);
        }
    }
}
