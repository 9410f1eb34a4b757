package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import io.segexport.v1.CancelExportJobResponse;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.ListExportJobsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The export job calls, on a server without workers: every job stays NEW until it is cancelled. */
class ExportJobsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @Test
    void createJobReturnsTheNewJobWithItsIdAndDefaults() throws Exception {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("jobs"));

        ExportJob created = client.createJob(Fixtures.documentedJob(dataSet));

        assertThat(created.getId()).isPositive();
        assertThat(created.getStatus()).isEqualTo(ExportJobStatus.NEW);
        assertThat(created.getDestination().getDatasetId()).isEqualTo(dataSet);
        assertThat(created.getDestination().getBatchId()).isNotEmpty();
        assertThat(created.getFields()).isEqualTo("identities.id,personalEmail.address");
        assertThat(created.getFilter().getSegments(0).getSegmentId()).isEqualTo("52c26d0d-45f2-47a2-ab30-ed06abc981ff");
        assertThat(created.getProfileInstanceId()).isEqualTo("ups");
        assertThat(created.getCreationTime()).isPositive();
    }

    @Test
    void createdJobBelongsToTheClientsOrg() {
        String org = Tenant.fresh().orgId();
        try (SegexportClient client =
                TestClients.builder(server.grpcPort(), org).build()) {
            ExportJob created = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))));

            assertThat(created.getImsOrgId()).isEqualTo(org);
        }
    }

    @Test
    void getJobReturnsTheJobAsItStands() {
        SegexportClient client = TestClients.newTenant(server);
        ExportJob created = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))));

        ExportJob read = client.getJob(created.getId());

        assertThat(read).isEqualTo(created);
    }

    @Test
    void getJobOfAnUnknownIdThrowsNotFound() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.getJob(987_654_321L))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
                .hasMessageContaining("987654321");
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        SegexportClient owner = TestClients.newTenant(server);
        ExportJob created = owner.createJob(Fixtures.job(owner.createDataSet(Fixtures.dataSet("jobs"))));
        SegexportClient stranger = TestClients.newTenant(server);

        assertThatThrownBy(() -> stranger.getJob(created.getId()))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void listJobsReturnsOnePageNewestFirstWithTheCursorOfItsLastJob() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("jobs"));
        long first = client.createJob(Fixtures.job(dataSet)).getId();
        long second = client.createJob(Fixtures.job(dataSet)).getId();
        ExportJob third = client.createJob(Fixtures.job(dataSet));

        ListExportJobsResponse page = client.listJobs(JobQuery.firstPage().withLimit(2));

        assertThat(page.getRecordsList()).extracting(ExportJob::getId).containsExactly(third.getId(), second);
        assertThat(page.getPage().getPageSize()).isEqualTo(2);
        ExportJob last = page.getRecords(1);
        assertThat(page.getPage().getPageOffset()).isEqualTo(last.getCreationTime() + "_" + last.getId());
        assertThat(page.getLink().getNext()).contains("offset=" + page.getPage().getPageOffset());
        ListExportJobsResponse rest = client.listJobs(
                JobQuery.firstPage().withLimit(2).withOffset(page.getPage().getPageOffset()));
        assertThat(rest.getRecordsList()).extracting(ExportJob::getId).containsExactly(first);
        assertThat(rest.getLink().getNext()).isEmpty();
    }

    @Test
    void listJobsWithAStatusReturnsOnlyJobsInThatStatus() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("jobs"));
        long kept = client.createJob(Fixtures.job(dataSet)).getId();
        long cancelled = client.createJob(Fixtures.job(dataSet)).getId();
        client.cancelJob(cancelled);

        ListExportJobsResponse page = client.listJobs(JobQuery.firstPage().withStatus(ExportJobStatus.NEW));

        assertThat(page.getRecordsList()).extracting(ExportJob::getId).containsExactly(kept);
    }

    @Test
    void cancelJobMarksAJobThatHasNotEndedCancelled() {
        SegexportClient client = TestClients.newTenant(server);
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))))
                .getId();

        CancelExportJobResponse response = client.cancelJob(id);

        assertThat(response.getStatus()).isTrue();
        assertThat(response.getMessage()).isEqualTo("Export job has been marked for cancelling");
        assertThat(client.getJob(id).getStatus()).isEqualTo(ExportJobStatus.CANCELLED);
    }

    @Test
    void cancelJobOfAJobThatHasEndedDeletesIt() {
        SegexportClient client = TestClients.newTenant(server);
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))))
                .getId();
        client.cancelJob(id);

        CancelExportJobResponse response = client.cancelJob(id);

        assertThat(response.getStatus()).isTrue();
        assertThatThrownBy(() -> client.getJob(id))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
