package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The export job calls, on a server without workers: every job stays NEW until it is cancelled. */
class ExportJobsTest {
    @RegisterExtension
    static final RealServer server = RealServer.withWorkers(0);

    @Test
    void createJobReturnsTheNewJobWithItsIdAndDefaults() throws Exception {
        SegexportClient client = server.newTenant();
        String dataSet = client.createDataSet(Fixtures.dataSet("jobs"));

        ExportJob created = client.createJob(Fixtures.documentedJob(dataSet));

        assertThat(created.getId()).isPositive();
        assertThat(created.getStatus()).isEqualTo(ExportJobStatus.NEW);
        assertThat(created.getDestination().getDatasetId()).isEqualTo(dataSet);
        assertThat(created.getDestination().getBatchId()).isNotEmpty();
        assertThat(created.getFields()).isEqualTo("identities.id,personalEmail.address");
        assertThat(created.getProfileInstanceId()).isEqualTo("ups");
        assertThat(created.getCreationTime()).isPositive();
    }
}
