package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Following jobs with WatchExportJob: on a running server jobs succeed; on a paused one (no
 * workers) they stay NEW until cancelled.
 *
 * A job fails on a server whose staging folder is blocked by a file: a real fault of the disk,
 * since the API itself accepts no job that must fail.
 */
class AwaitCompletionTest {
    private static final int PROFILES = 100;

    @RegisterExtension
    static final SharedServer running = new SharedServer(1);

    @RegisterExtension
    static final SharedServer paused = new SharedServer(0);

    @RegisterExtension
    static final SharedServer unwritable = new SharedServer(1);

    @Test
    void awaitCompletionReturnsTheSucceededJob() throws Exception {
        SegexportClient client = TestClients.newTenant(running);
        long id = createJobOfProfiles(client);

        ExportJob ended = client.awaitCompletion(id, Duration.ofMinutes(1));

        assertThat(ended.getId()).isEqualTo(id);
        assertThat(ended.getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
        assertThat(ended.getMetrics().getTotalExportedProfileCounter()).isEqualTo(PROFILES);
        assertThat(ended.getProgress().getRowsWritten()).isEqualTo(PROFILES);
    }

    @Test
    void awaitCompletionGivesEveryStateToOnUpdateEndingWithTheEndedJob() throws Exception {
        SegexportClient client = TestClients.newTenant(running);
        long id = createJobOfProfiles(client);
        List<ExportJob> updates = new ArrayList<>();

        ExportJob ended = client.awaitCompletion(id, Duration.ofMinutes(1), updates::add);

        assertThat(updates).isNotEmpty();
        assertThat(updates.get(updates.size() - 1)).isEqualTo(ended);
        assertThat(updates.subList(0, updates.size() - 1))
                .extracting(ExportJob::getStatus)
                .allSatisfy(status -> assertThat(status).isIn(ExportJobStatus.NEW, ExportJobStatus.PROCESSING));
    }

    @Test
    void awaitCompletionReturnsTheFailedJobWithItsError() throws Exception {
        Files.writeString(unwritable.dataDir().resolve("staging"), "a file where the staging folder belongs");
        SegexportClient client = TestClients.newTenant(unwritable);
        long id = createJobOfProfiles(client);

        ExportJob ended = client.awaitCompletion(id, Duration.ofMinutes(1));

        assertThat(ended.getStatus()).isEqualTo(ExportJobStatus.FAILED);
        assertThat(ended.getErrorsList()).singleElement().satisfies(error -> {
            assertThat(error.getCode()).isEqualTo("0100000003");
            assertThat(error.getMsg()).startsWith("Error in Export Job");
        });
    }

    @Test
    void awaitCompletionReturnsTheJobCancelledWhileWaiting() throws Exception {
        SegexportClient client = TestClients.newTenant(paused);
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("await"))))
                .getId();
        CountDownLatch watching = new CountDownLatch(1);
        CompletableFuture<ExportJob> await = CompletableFuture.supplyAsync(() -> {
            try {
                return client.awaitCompletion(id, Duration.ofMinutes(1), job -> watching.countDown());
            } catch (TimeoutException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(watching.await(30, TimeUnit.SECONDS)).isTrue();

        client.cancelJob(id);

        assertThat(await.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(ExportJobStatus.CANCELLED);
    }

    @Test
    void awaitCompletionOfAJobThatHasEndedReturnsItAtOnce() throws Exception {
        SegexportClient client = TestClients.newTenant(paused);
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("await"))))
                .getId();
        client.cancelJob(id);

        assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                .isEqualTo(ExportJobStatus.CANCELLED);
    }

    @Test
    void awaitCompletionOfAJobThatDoesNotEndInTimeThrowsTimeoutException() {
        SegexportClient client = TestClients.newTenant(paused);
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("await"))))
                .getId();

        assertThatThrownBy(() -> client.awaitCompletion(id, Duration.ofMillis(700)))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("export job " + id + " has not ended within PT0.7S; it was NEW when last seen");
    }

    @Test
    void awaitCompletionOfAnUnknownJobThrowsNotFound() {
        SegexportClient client = TestClients.newTenant(paused);

        assertThatThrownBy(() -> client.awaitCompletion(123_456_789L, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void watchJobYieldsTheCurrentStateThenEachChangeUntilTheJobHasEnded() {
        SegexportClient client = TestClients.newTenant(paused);
        long id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("watch"))))
                .getId();
        Iterator<ExportJob> states = client.watchJob(id);
        assertThat(states.next().getStatus()).isEqualTo(ExportJobStatus.NEW);

        client.cancelJob(id);

        assertThat(states.next().getStatus()).isEqualTo(ExportJobStatus.CANCELLED);
        assertThat(states.hasNext()).isFalse();
    }

    @Test
    void watchJobOfARunningJobEndsWithItsSuccess() {
        SegexportClient client = TestClients.newTenant(running);
        long id = createJobOfProfiles(client);

        List<ExportJob> states = new ArrayList<>();
        client.watchJob(id).forEachRemaining(states::add);

        assertThat(states.get(states.size() - 1).getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
        assertThat(states.get(states.size() - 1).getProgress().getRowsWritten()).isEqualTo(PROFILES);
    }

    @Test
    void watchJobOfAnotherTenantsJobThrowsNotFound() {
        SegexportClient owner = TestClients.newTenant(paused);
        long id = owner.createJob(Fixtures.job(owner.createDataSet(Fixtures.dataSet("await"))))
                .getId();

        assertThatThrownBy(() -> TestClients.newTenant(paused).watchJob(id))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    /** A dataset of {@link #PROFILES} profiles, and a job exporting them all; returns the job's id. */
    private static long createJobOfProfiles(SegexportClient client) {
        String dataSet = client.createDataSet(Fixtures.dataSet("await"));
        List<Struct> profiles = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            profiles.add(Fixtures.profile("user" + i + "@example.com"));
        }
        assertThat(client.ingestProfiles(dataSet, profiles).getAccepted()).isEqualTo(PROFILES);
        return client.createJob(Fixtures.job(dataSet)).getId();
    }
}
