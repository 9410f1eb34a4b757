package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SegexportServer;
import io.segexport.server.ServerConfig;
import io.segexport.server.Tenant;
import io.segexport.server.TestServer;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.ListExportJobsResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls made while the server is down (the client's call starts first, the server, on a port chosen
 * beforehand, about 1.5 s later), and calls the server refuses for the client's request rate.
 */
class RetryIT {
    private static final long LATE_START_MILLIS = 1_500;
    /** Patient enough for a server whose first start in this JVM is slow (native libraries, class loading). */
    private static final RetryPolicy PATIENT = new RetryPolicy(40, Duration.ofMillis(250), Duration.ofSeconds(1));

    @TempDir
    Path dataDir;

    private int port;
    private final String org = Tenant.fresh().orgId();

    @BeforeEach
    void pickPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @Test
    void getJobIsRetriedUntilTheServerHasStarted() throws Exception {
        long id;
        try (SegexportServer server = start(0);
                SegexportClient client = client(RetryPolicy.DEFAULT)) {
            id = client.createJob(Fixtures.job(client.createDataSet(Fixtures.dataSet("retry"))))
                    .getId();
        }

        try (SegexportClient client = client(PATIENT)) {
            CompletableFuture<ExportJob> get = CompletableFuture.supplyAsync(() -> client.getJob(id));
            try (SegexportServer server = startLate(get)) {
                assertThat(get.get(30, TimeUnit.SECONDS).getId()).isEqualTo(id);
            }
        }
    }

    @Test
    void listJobsIsRetriedUntilTheServerHasStarted() throws Exception {
        try (SegexportClient client = client(PATIENT)) {
            CompletableFuture<ListExportJobsResponse> list =
                    CompletableFuture.supplyAsync(() -> client.listJobs(JobQuery.firstPage()));
            try (SegexportServer server = startLate(list)) {
                ListExportJobsResponse page = list.get(30, TimeUnit.SECONDS);

                assertThat(page.getRecordsList()).isEmpty();
                assertThat(page.getPage().getSortField()).isEqualTo("createdTime");
            }
        }
    }

    @Test
    void withRetryPolicyNoneACallToAServerThatIsDownFailsWithUnavailable() {
        try (SegexportClient client = client(RetryPolicy.NONE)) {
            assertThatThrownBy(() -> client.listJobs(JobQuery.firstPage()))
                    .isInstanceOfSatisfying(SegexportException.class, e -> {
                        assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.reason()).isEmpty();
                    })
                    .hasMessageStartingWith("UNAVAILABLE: ")
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void aReadFailsWithUnavailableOnceItsAttemptsAreUsedUp() {
        RetryPolicy twoQuickAttempts = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10));
        try (SegexportClient client = client(twoQuickAttempts)) {
            assertThatThrownBy(() -> client.getJob(1))
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void awaitCompletionOnAServerThatIsDownFailsWithUnavailableOnceItsAttemptsAreUsedUp() {
        RetryPolicy twoQuickAttempts = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10));
        try (SegexportClient client = client(twoQuickAttempts)) {
            assertThatThrownBy(() -> client.awaitCompletion(1, Duration.ofMinutes(1)))
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void createJobIsNotRetried() throws Exception {
        String dataSet;
        try (SegexportServer server = start(0);
                SegexportClient client = client(RetryPolicy.DEFAULT)) {
            dataSet = client.createDataSet(Fixtures.dataSet("retry"));
        }

        try (SegexportClient client = client(PATIENT)) {
            CompletableFuture<ExportJob> create =
                    CompletableFuture.supplyAsync(() -> client.createJob(Fixtures.job(dataSet)));
            Thread.sleep(LATE_START_MILLIS);
            try (SegexportServer server = start(0)) {
                assertThatThrownBy(() -> create.get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOfSatisfying(
                                SegexportException.class,
                                e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
                assertThat(client.listJobs(JobQuery.firstPage()).getRecordsList())
                        .isEmpty();
            }
        }
    }

    @Test
    void deleteSegmentDefinitionIsNotRetried() throws Exception {
        String id;
        try (SegexportServer server = start(0);
                SegexportClient client = client(RetryPolicy.DEFAULT)) {
            id = client.createSegmentDefinition(Fixtures.segmentDefinition("retry", "loyalty.tier = \"gold\""))
                    .getId();
        }

        try (SegexportClient client = client(PATIENT)) {
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> client.deleteSegmentDefinition(id));
            Thread.sleep(LATE_START_MILLIS);
            try (SegexportServer server = start(0)) {
                assertThatThrownBy(() -> delete.get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOfSatisfying(
                                SegexportException.class,
                                e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
                assertThat(client.getSegmentDefinition(id).getId()).isEqualTo(id);
            }
        }
    }

    @Test
    void aCreateRefusedForTheClientsRateIsMadeAgainWhenTheServerSaysAndOnlyOnce() throws Exception {
        try (SegexportServer server = startAtOneRequestASecond();
                SegexportClient client = client(RetryPolicy.DEFAULT)) {
            String dataSet = client.createDataSet(Fixtures.dataSet("rate"));

            ExportJob first = client.createJob(Fixtures.job(dataSet));
            ExportJob second = client.createJob(Fixtures.job(dataSet));

            assertThat(client.listJobs(JobQuery.firstPage()).getRecordsList())
                    .extracting(ExportJob::getId)
                    .containsExactlyInAnyOrder(first.getId(), second.getId());
        }
    }

    @Test
    void withRetryPolicyNoneACallOverTheRateFailsWithTheWaitTheServerAsksFor() throws Exception {
        try (SegexportServer server = startAtOneRequestASecond();
                SegexportClient client = client(RetryPolicy.NONE)) {
            String dataSet = client.createDataSet(Fixtures.dataSet("rate"));

            assertThatThrownBy(() -> readRepeatedly(client, dataSet))
                    .isInstanceOfSatisfying(SegexportException.class, e -> {
                        assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.retryDelay())
                                .hasValueSatisfying(delay ->
                                        assertThat(delay).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
                    });
        }
    }

    @Test
    void aCallIsNotMadeAgainWhenTheServerAsksForALongerWaitThanThePolicyEverWaits() throws Exception {
        RetryPolicy impatient = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(10));
        try (SegexportServer server = startAtOneRequestASecond();
                SegexportClient client = client(impatient)) {
            String dataSet = client.createDataSet(Fixtures.dataSet("rate"));

            assertThatThrownBy(() -> readRepeatedly(client, dataSet))
                    .isInstanceOfSatisfying(
                            SegexportException.class,
                            e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
    }

    @Test
    void awaitCompletionWatchesAgainWhenTheServerRestarts() throws Exception {
        List<ExportJob> updates = new CopyOnWriteArrayList<>();
        CountDownLatch watching = new CountDownLatch(1);
        try (SegexportClient client = client(PATIENT)) {
            CompletableFuture<ExportJob> await;
            try (SegexportServer paused = start(0)) {
                String dataSet = client.createDataSet(Fixtures.dataSet("retry"));
                client.ingestProfiles(dataSet, List.of(Fixtures.profile("a@example.com")));
                long id = client.createJob(Fixtures.job(dataSet)).getId();
                await = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.awaitCompletion(id, Duration.ofMinutes(1), job -> {
                            updates.add(job);
                            watching.countDown();
                        });
                    } catch (java.util.concurrent.TimeoutException e) {
                        throw new AssertionError(e);
                    }
                });
                assertThat(watching.await(30, TimeUnit.SECONDS)).isTrue();
            }

            try (SegexportServer running = start(1)) {
                ExportJob ended = await.get(60, TimeUnit.SECONDS);

                assertThat(ended.getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
                assertThat(updates.get(0).getStatus()).isEqualTo(ExportJobStatus.NEW);
                assertThat(updates.get(updates.size() - 1)).isEqualTo(ended);
            }
        }
    }

    /** Starts the server once {@code call} has had time to fail its first attempt, which it must not have ended. */
    private SegexportServer startLate(CompletableFuture<?> call) throws Exception {
        Thread.sleep(LATE_START_MILLIS);
        assertThat(call)
                .as("the call must still be waiting when the server starts; it ended %s", call)
                .isNotDone();
        return start(0);
    }

    private SegexportServer start(int workers) throws Exception {
        return SegexportServer.start(new ServerConfig(dataDir, port, 0, TestServer.TOKEN, workers));
    }

    /** Ten reads in a row: at one request a second, one is refused however slow the machine. */
    private static void readRepeatedly(SegexportClient client, String dataSet) {
        for (int i = 0; i < 10; i++) {
            client.getDataSet(dataSet);
        }
    }

    /** A server that takes one request a second from a client, with no burst. */
    private SegexportServer startAtOneRequestASecond() throws Exception {
        return SegexportServer.start(new ServerConfig(dataDir, port, 0, TestServer.TOKEN, 0)
                .withLimits(Limits.DEFAULTS.with(Limit.CLIENT_RATE, 1).with(Limit.CLIENT_BURST, 1)));
    }

    private SegexportClient client(RetryPolicy retry) {
        return TestClients.builder(port, org).retry(retry).build();
    }
}
