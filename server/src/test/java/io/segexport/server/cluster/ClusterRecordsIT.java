package io.segexport.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Tenant;
import io.segexport.v1.DataSet;
import io.segexport.v1.MergePolicy;
import java.nio.file.Path;
import java.util.List;
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

    private static StreamsInstances instances;
    private static ClusterRecords first;
    private static ClusterRecords second;

    @BeforeAll
    static void start() throws Exception {
        instances = StreamsInstances.twoOf(NAMES, dir, 2, A);
        first = instances.records(1);
        second = instances.records(2);
    }

    @AfterAll
    static void stop() {
        instances.close();
    }

    private static DataSet dataSet(String id) {
        return DataSet.newBuilder().setId(id).setName("name of " + id).build();
    }

    @Test
    void aRecordWrittenOnOneNodeIsReadOnTheOther() {
        first.dataSets().put(A, "ds-read", dataSet("ds-read"));

        assertThat(second.dataSets().get(A, "ds-read")).contains(dataSet("ds-read"));
        assertThat(second.dataSets().get(B, "ds-read")).isEmpty();
        assertThat(second.mergePolicies().get(A, "ds-read")).isEmpty();
    }

    @Test
    void aRecordDeletedOnOneNodeIsGoneOnTheOther() {
        second.dataSets().put(A, "ds-gone", dataSet("ds-gone"));
        assertThat(first.dataSets().get(A, "ds-gone")).isPresent();

        first.dataSets().delete(A, "ds-gone");

        assertThat(second.dataSets().get(A, "ds-gone")).isEmpty();
    }

    @Test
    void aTenantsRecordsOfAKindAreListedInPagesInIdOrder() {
        Tenant tenant = new Tenant("Pages@AdobeOrg", "prod");
        for (String id : List.of("p-c", "p-a", "p-e", "p-b", "p-d")) {
            first.dataSets().put(tenant, id, dataSet(id));
        }
        second.dataSets().put(new Tenant("Other@AdobeOrg", "prod"), "p-0", dataSet("p-0"));
        second.mergePolicies()
                .put(tenant, "p-bb", MergePolicy.newBuilder().setId("p-bb").build());

        KeysetPage<DataSet> page1 = second.dataSets().list(tenant, "", 2);
        KeysetPage<DataSet> page2 = second.dataSets().list(tenant, "p-b", 2);
        KeysetPage<DataSet> page3 = second.dataSets().list(tenant, "p-d", 2);

        assertThat(page1.items()).extracting(DataSet::getId).containsExactly("p-a", "p-b");
        assertThat(page1.hasMore()).isTrue();
        assertThat(page2.items()).extracting(DataSet::getId).containsExactly("p-c", "p-d");
        assertThat(page2.hasMore()).isTrue();
        assertThat(page3.items()).extracting(DataSet::getId).containsExactly("p-e");
        assertThat(page3.hasMore()).isFalse();
    }

    @Test
    void aNodeThatStartsLaterReadsEveryRecordWrittenBefore() {
        first.dataSets().put(B, "ds-early", dataSet("ds-early"));
        second.dataSets().put(B, "ds-early-2", dataSet("ds-early-2"));

        instances.start(3);
        ClusterRecords late = instances.records(3);

        assertThat(late.dataSets().get(B, "ds-early")).contains(dataSet("ds-early"));
        assertThat(late.dataSets().all()).contains(dataSet("ds-early"), dataSet("ds-early-2"));
    }
}
