package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.v1.CancelExportJobResponse;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.ListExportJobsResponse;
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
        assertThat(created.getFilter().getSegments(0).getSegmentId()).isEqualTo("52c26d0d-45f2-47a2-ab30-ed06abc981ff");
        assertThat(created.getProfileInstanceId()).isEqualTo("ups");
        assertThat(created.getCreationTime()).isPositive();
    }

    @Test
    void createdJobBelongsToTheClientsOrg() {
        String org = RealServer.freshOrg();
        try (SegexportClient client = RealServer.builder(server.grpcPort(), org).build()) {
            ExportJob created = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))));

            assertThat(created.getImsOrgId()).isEqualTo(org);
        }
    }

    @Test
    void getJobReturnsTheJobAsItStands() {
        SegexportClient client = server.newTenant();
        ExportJob created = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))));

        ExportJob read = client.getJob(created.getId());

        assertThat(read).isEqualTo(created);
    }

    @Test
    void getJobOfAnUnknownIdThrowsNotFound() {
        SegexportClient client = server.newTenant();

        assertThatThrownBy(() -> client.getJob(987_654_321L))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
                .hasMessageContaining("987654321");
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        SegexportClient owner = server.newTenant();
        ExportJob created = owner.createJob(Fixtures.job(owner.createDataSet(Fixtures.dataSet("jobs"))));
        SegexportClient stranger = server.newTenant();

        assertThatThrownBy(() -> stranger.getJob(created.getId()))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void listJobsReturnsOnePageNewestFirstWithTheCursorOfItsLastJob() {
        SegexportClient client = server.newTenant();
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
        SegexportClient client = server.newTenant();
        String dataSet = client.createDataSet(Fixtures.dataSet("jobs"));
        long kept = client.createJob(Fixtures.job(dataSet)).getId();
        long cancelled = client.createJob(Fixtures.job(dataSet)).getId();
        client.cancelJob(cancelled);

        ListExportJobsResponse page = client.listJobs(JobQuery.firstPage().withStatus(ExportJobStatus.NEW));

        assertThat(page.getRecordsList()).extracting(ExportJob::getId).containsExactly(kept);
    }

    @Test
    void cancelJobMarksAJobThatHasNotEndedCancelled() {
        SegexportClient client = server.newTenant();
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("jobs"))))
                .getId();

        CancelExportJobResponse response = client.cancelJob(id);

        assertThat(response.getStatus()).isTrue();
        assertThat(response.getMessage()).isEqualTo("Export job has been marked for cancelling");
        assertThat(client.getJob(id).getStatus()).isEqualTo(ExportJobStatus.CANCELLED);
    }

    @Test
    void cancelJobOfAJobThatHasEndedDeletesIt() {
        SegexportClient client = server.newTenant();
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
