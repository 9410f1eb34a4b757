package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** allJobs across many pages: 120 jobs of one tenant, every third of them cancelled. */
class JobPagingTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    private static final int JOBS = 120;
    private static SegexportClient client;
    /** Ids of the jobs, newest first. */
    private static final List<Long> newestFirst = new ArrayList<>();

    private static final List<Long> cancelledNewestFirst = new ArrayList<>();

    @BeforeAll
    static void createJobs() {
        client = TestClients.builder(server.grpcPort(), Tenant.fresh().orgId()).build();
        String dataSet = client.createDataSet(Fixtures.dataSet("paging"));
        for (int i = 0; i < JOBS; i++) {
            long id = client.createJob(Fixtures.job(dataSet)).getId();
            newestFirst.add(0, id);
            if (i % 3 == 0) {
                client.cancelJob(id);
                cancelledNewestFirst.add(0, id);
            }
        }
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Test
    void allJobsReturnsEveryJobOnceNewestFirstAcrossPages() {
        assertThat(ids(client.allJobs(JobQuery.firstPage().withLimit(7)))).isEqualTo(newestFirst);
    }

    @Test
    void allJobsWithAStatusReturnsEveryJobInThatStatusAcrossPages() {
        List<Long> cancelled =
                ids(client.allJobs(JobQuery.firstPage().withLimit(7).withStatus(ExportJobStatus.CANCELLED)));

        assertThat(cancelled).hasSize(JOBS / 3).isEqualTo(cancelledNewestFirst);
    }

    @Test
    void allJobsByStatusAloneUsesTheServersPageSize() {
        List<Long> all = ids(client.allJobs((ExportJobStatus) null));
        List<Long> fresh = ids(client.allJobs(ExportJobStatus.NEW));

        assertThat(all).isEqualTo(newestFirst);
        assertThat(fresh).hasSize(JOBS - JOBS / 3).doesNotContainAnyElementsOf(cancelledNewestFirst);
    }

    @Test
    void allJobsOfATenantWithoutJobsIsEmpty() {
        assertThat(TestClients.newTenant(server).allJobs((ExportJobStatus) null))
                .isExhausted();
    }

    @Test
    void allJobsFetchesNoPageBeforeItIsRead() {
        SegexportClient other = TestClients.newTenant(server);
        Iterator<ExportJob> jobs = other.allJobs((ExportJobStatus) null);
        long created = other.createJob(Fixtures.job(other.createDataSet(Fixtures.dataSet("lazy"))))
                .getId();

        assertThat(ids(jobs)).containsExactly(created);
    }

    private static List<Long> ids(Iterator<ExportJob> jobs) {
        List<Long> ids = new ArrayList<>();
        jobs.forEachRemaining(job -> ids.add(job.getId()));
        return ids;
    }
}
