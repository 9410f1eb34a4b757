package io.segexport.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Tenant;
import io.segexport.v1.DataSet;
import io.segexport.v1.MergePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's records in cluster mode, on real brokers, between nodes that each keep the records
 * topic in their global store: what one node writes, any node reads at once, by tenant and kind, in
 * pages; and a node that starts later reads everything written before.
 */
class ClusterRecordsIT {
    private static final ClusterNames NAMES = new ClusterNames("records-it");
    private static final Tenant A = new Tenant("A@AdobeOrg", "prod");
    private static final Tenant B = new Tenant("B@AdobeOrg", "prod");

    @TempDir
    static Path dir;

    private static KafkaBrokers brokers;
    private static final List<Node> nodes = new ArrayList<>();

    /** What a node runs: Streams with the cluster's topology, and its records. */
    private record Node(KafkaStreams streams, ClusterRecords records) {
        static Node start(int id) {
            GlobalPosition position = new GlobalPosition();
            KafkaStreams streams = new KafkaStreams(
                    ClusterTopology.build(NAMES, position),
                    ClusterStreams.config(NAMES, brokers.bootstrapServers(), dir.resolve("node-" + id), (short) 3));
            streams.start();
            Node node = new Node(streams, new ClusterRecords(brokers.bootstrapServers(), NAMES, streams, position));
            nodes.add(node);
            return node;
        }
    }

    private static Node first;
    private static Node second;

    @BeforeAll
    static void start() throws Exception {
        brokers = SharedBrokers.get();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()))) {
            ClusterTopics.create(admin, NAMES, 2, (short) 3);
        }
        first = Node.start(1);
        second = Node.start(2);
    }

    @AfterAll
    static void stop() {
        for (Node node : nodes) {
            node.records().close();
            ClusterStreams.leave(node.streams());
        }
    }

    private static DataSet dataSet(String id) {
        return DataSet.newBuilder().setId(id).setName("name of " + id).build();
    }

    @Test
    void aRecordWrittenOnOneNodeIsReadOnTheOther() {
        first.records().dataSets().put(A, "ds-read", dataSet("ds-read"));

        assertThat(second.records().dataSets().get(A, "ds-read")).contains(dataSet("ds-read"));
        assertThat(second.records().dataSets().get(B, "ds-read")).isEmpty();
        assertThat(second.records().mergePolicies().get(A, "ds-read")).isEmpty();
    }

    @Test
    void aRecordDeletedOnOneNodeIsGoneOnTheOther() {
        second.records().dataSets().put(A, "ds-gone", dataSet("ds-gone"));
        assertThat(first.records().dataSets().get(A, "ds-gone")).isPresent();

        first.records().dataSets().delete(A, "ds-gone");

        assertThat(second.records().dataSets().get(A, "ds-gone")).isEmpty();
    }

    @Test
    void aTenantsRecordsOfAKindAreListedInPagesInIdOrder() {
        Tenant tenant = new Tenant("Pages@AdobeOrg", "prod");
        for (String id : List.of("p-c", "p-a", "p-e", "p-b", "p-d")) {
            first.records().dataSets().put(tenant, id, dataSet(id));
        }
        second.records().dataSets().put(new Tenant("Other@AdobeOrg", "prod"), "p-0", dataSet("p-0"));
        second.records()
                .mergePolicies()
                .put(tenant, "p-bb", MergePolicy.newBuilder().setId("p-bb").build());

        KeysetPage<DataSet> page1 = second.records().dataSets().list(tenant, "", 2);
        KeysetPage<DataSet> page2 = second.records().dataSets().list(tenant, "p-b", 2);
        KeysetPage<DataSet> page3 = second.records().dataSets().list(tenant, "p-d", 2);

        assertThat(page1.items()).extracting(DataSet::getId).containsExactly("p-a", "p-b");
        assertThat(page1.hasMore()).isTrue();
        assertThat(page2.items()).extracting(DataSet::getId).containsExactly("p-c", "p-d");
        assertThat(page2.hasMore()).isTrue();
        assertThat(page3.items()).extracting(DataSet::getId).containsExactly("p-e");
        assertThat(page3.hasMore()).isFalse();
    }

    @Test
    void aNodeThatStartsLaterReadsEveryRecordWrittenBefore() {
        first.records().dataSets().put(B, "ds-early", dataSet("ds-early"));
        second.records().dataSets().put(B, "ds-early-2", dataSet("ds-early-2"));

        Node late = Node.start(3);

        assertThat(late.records().dataSets().get(B, "ds-early")).contains(dataSet("ds-early"));
        assertThat(late.records().dataSets().all()).contains(dataSet("ds-early"), dataSet("ds-early-2"));
    }
}
