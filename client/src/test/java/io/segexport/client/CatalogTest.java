package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.v1.DataSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Datasets through the catalog calls; batches are in {@link DataAccessTest}, after a real export. */
class CatalogTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @Test
    void createDataSetReturnsTheNewId() {
        SegexportClient client = TestClients.newTenant(server);

        String id = client.createDataSet(Fixtures.dataSet("customers"));

        assertThat(id).matches("[0-9a-f]{24}");
    }

    @Test
    void getDataSetReturnsTheCreatedDataSet() {
        SegexportClient client = TestClients.newTenant(server);
        String id = client.createDataSet(Fixtures.dataSet("customers").toBuilder()
                .setDescription("CRM export")
                .build());

        DataSet dataSet = client.getDataSet(id);

        assertThat(dataSet.getId()).isEqualTo(id);
        assertThat(dataSet.getName()).isEqualTo("customers");
        assertThat(dataSet.getDescription()).isEqualTo("CRM export");
        assertThat(dataSet.getSchemaRef().getId()).isEqualTo(Fixtures.PROFILE_SCHEMA);
        assertThat(dataSet.getCreated()).isPositive();
    }

    @Test
    void getDataSetOfAnUnknownIdThrowsNotFound() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.getDataSet("0123456789abcdef01234567"))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void listDataSetsReturnsEveryDataSetInIdOrderAcrossPages() {
        SegexportClient client = TestClients.newTenant(server);
        List<String> ids = new ArrayList<>();
        // One more than the client's page of 500.
        for (int i = 0; i < 501; i++) {
            ids.add(client.createDataSet(Fixtures.dataSet("set " + i)));
        }

        List<DataSet> listed = client.listDataSets();

        assertThat(listed)
                .extracting(DataSet::getId)
                .containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void listDataSetsOfATenantWithoutDataSetsIsEmpty() {
        assertThat(TestClients.newTenant(server).listDataSets()).isEmpty();
    }
}
