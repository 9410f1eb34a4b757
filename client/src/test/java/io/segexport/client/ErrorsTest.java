package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a {@link SegexportException} carries from the server's status and error details. */
class ErrorsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @Test
    void aBadRequestCarriesItsCodeReasonAndFieldViolation() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.createJob(Fixtures.job("0123456789abcdef01234567")))
                .isInstanceOfSatisfying(SegexportException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.reason()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(e.fieldViolations()).hasSize(1);
                    assertThat(e.fieldViolations().get(0).getField()).isEqualTo("destination.datasetId");
                    assertThat(e.fieldViolations().get(0).getDescription()).contains("0123456789abcdef01234567");
                })
                .hasMessageStartingWith("INVALID_ARGUMENT: destination.datasetId ");
    }

    @Test
    void theMessageNamesEachFieldAtFault() {
        SegexportClient client = TestClients.newTenant(server);
        ExportJob withoutSchema = Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))).toBuilder()
                .setSchema(Schema.getDefaultInstance())
                .build();

        assertThatThrownBy(() -> client.createJob(withoutSchema))
                .isInstanceOfSatisfying(
                        SegexportException.class,
                        e -> assertThat(e.fieldViolations())
                                .extracting(v -> v.getField())
                                .containsExactly("schema.name"))
                .hasMessageContaining("schema.name");
    }

    @Test
    void aNotFoundCarriesItsCodeAndReasonButNoFieldViolation() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.getJob(424242))
                .isInstanceOfSatisfying(SegexportException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.reason()).isEqualTo("NOT_FOUND");
                    assertThat(e.fieldViolations()).isEmpty();
                })
                .hasMessage("NOT_FOUND: export job 424242 does not exist")
                .hasCauseInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void aWrongTokenIsUnauthenticatedWithTheGatewaysErrorCode() {
        try (SegexportClient client = TestClients.builder(
                        server.grpcPort(), Tenant.fresh().orgId())
                .token("not-the-token")
                .build()) {
            assertThatThrownBy(() -> client.listDataSets()).isInstanceOfSatisfying(SegexportException.class, e -> {
                assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.reason()).isEqualTo("401013");
            });
        }
    }
}
