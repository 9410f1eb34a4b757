package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Merge policies: created, read and listed beside the built-in one. */
class MergePoliciesTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    static final String BUILT_IN = "timestampOrdered-none-mp";

    /** A dataSetPrecedence policy over these datasets, most important first. */
    static MergePolicy precedence(String name, String... dataSets) {
        return MergePolicy.newBuilder()
                .setName(name)
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .setAttributeMerge(
                        AttributeMerge.newBuilder().setType("dataSetPrecedence").addAllOrder(List.of(dataSets)))
                .build();
    }

    @Test
    void createMergePolicyReturnsItWithItsNewId() {
        SegexportClient client = TestClients.newTenant(server);

        MergePolicy created = client.createMergePolicy(precedence("crm first", "crm-dataset", "web-dataset"));

        assertThat(created.getId()).matches("[0-9a-f-]{36}");
        assertThat(created.getName()).isEqualTo("crm first");
        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getAttributeMerge().getOrderList()).containsExactly("crm-dataset", "web-dataset");
    }

    @Test
    void getMergePolicyReturnsTheCreatedPolicy() {
        SegexportClient client = TestClients.newTenant(server);
        MergePolicy created = client.createMergePolicy(precedence("crm first", "crm-dataset"));

        assertThat(client.getMergePolicy(created.getId())).isEqualTo(created);
    }

    @Test
    void getMergePolicyReturnsTheBuiltInPolicy() {
        MergePolicy builtIn = TestClients.newTenant(server).getMergePolicy(BUILT_IN);

        assertThat(builtIn.getAttributeMerge().getType()).isEqualTo("timestampOrdered");
        assertThat(builtIn.getIsDefault()).isTrue();
    }

    @Test
    void getMergePolicyOfAnUnknownIdThrowsNotFound() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.getMergePolicy("00000000-0000-0000-0000-000000000000"))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void listMergePoliciesReturnsTheBuiltInPolicyFirstThenTheCreatedOnesInIdOrder() {
        SegexportClient client = TestClients.newTenant(server);
        String first = client.createMergePolicy(precedence("a", "crm-dataset")).getId();
        String second = client.createMergePolicy(precedence("b", "web-dataset")).getId();

        List<MergePolicy> listed = client.listMergePolicies();

        assertThat(listed)
                .extracting(MergePolicy::getId)
                .containsExactly(
                        BUILT_IN,
                        first.compareTo(second) < 0 ? first : second,
                        first.compareTo(second) < 0 ? second : first);
    }
}
