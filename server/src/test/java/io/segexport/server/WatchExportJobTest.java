package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.JobProgress;
import io.segexport.v1.Schema;
import io.segexport.v1.WatchExportJobRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WatchExportJob: a job's states as they happen, over gRPC, ending with the job. */
class WatchExportJobTest {
    private static final int PROFILES = 50_000;

    @RegisterExtension
    static final SharedServer paused = new SharedServer();

    @RegisterExtension
    static final SharedServer running = new SharedServer(1);

    @Test
    void watcherSeesNewThenGrowingProgressThenTheEnd() throws Exception {
        Tenant tenant = Tenant.fresh();
        String dataSet = running.grpc().createDataSet(tenant);
        ingest(running, tenant, dataSet, PROFILES);
        create(running, tenant, dataSet);
        ExportJob waiting = create(running, tenant, dataSet);

        List<ExportJob> states = new ArrayList<>();
        watch(running, tenant, waiting.getId(), Duration.ofMinutes(2)).forEachRemaining(states::add);

        assertThat(states.get(0).getStatus()).isEqualTo(ExportJobStatus.NEW);
        List<Long> progress = states.stream()
                .filter(job -> job.getStatus() == ExportJobStatus.PROCESSING)
                .map(job -> job.getProgress().getProfilesRead())
                .toList();
        assertThat(progress).isSorted();
        assertThat(progress.stream().distinct().count()).isGreaterThanOrEqualTo(2);
        ExportJob last = states.get(states.size() - 1);
        assertThat(last.getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
        assertThat(last.getProgress().getProfilesRead()).isEqualTo(PROFILES);
        assertThat(last.getProgress().getProfilesTotal()).isEqualTo(PROFILES);
        assertThat(states.subList(1, states.size() - 1))
                .allSatisfy(job -> assertThat(job.getStatus()).isEqualTo(ExportJobStatus.PROCESSING))
                .filteredOn(job -> job.getProgress().getProfilesRead() > 0)
                .allSatisfy(
                        job -> assertThat(job.getProgress().getProfilesTotal()).isEqualTo(PROFILES));
    }

    @Test
    void everyStateOfARunningJobCarriesAllFourProgressCounters() throws Exception {
        Tenant tenant = Tenant.fresh();
        String dataSet = running.grpc().createDataSet(tenant);
        ingest(running, tenant, dataSet, 20_000);
        ExportJob job = create(running, tenant, dataSet);

        List<ExportJob> states = new ArrayList<>();
        watch(running, tenant, job.getId(), Duration.ofMinutes(2)).forEachRemaining(states::add);

        List<ExportJob> processing = states.stream()
                .filter(state -> state.getStatus() == ExportJobStatus.PROCESSING)
                .toList();
        assertThat(processing).isNotEmpty().allSatisfy(state -> {
            JobProgress progress = state.getProgress();
            assertThat(progress.hasProfilesRead()
                            && progress.hasRowsWritten()
                            && progress.hasProfilesTotal()
                            && progress.hasProfilesEvaluated())
                    .as("every counter in %s", progress)
                    .isTrue();
            assertThat(JsonFormat.printer().print(progress))
                    .contains("\"profilesRead\"", "\"rowsWritten\"", "\"profilesTotal\"", "\"profilesEvaluated\"");
        });
    }

    @Test
    void anExportingJobShowsWhenItsExportBegan() throws Exception {
        Tenant tenant = Tenant.fresh();
        String dataSet = running.grpc().createDataSet(tenant);
        ingest(running, tenant, dataSet, PROFILES);
        ExportJob job = create(running, tenant, dataSet);

        List<ExportJob> states = new ArrayList<>();
        watch(running, tenant, job.getId(), Duration.ofMinutes(2)).forEachRemaining(states::add);

        ExportJob last = states.get(states.size() - 1);
        assertThat(last.getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
        long exportStart = last.getMetrics().getProfileExportTime().getStartTimeInMs();
        assertThat(states)
                .filteredOn(state -> state.getStatus() == ExportJobStatus.PROCESSING
                        && state.getProgress().getProfilesRead() > 0)
                .isNotEmpty()
                .allSatisfy(state -> assertThat(
                                state.getMetrics().getProfileExportTime().getStartTimeInMs())
                        .isEqualTo(exportStart));
    }

    @Test
    void watcherOfACancelledJobSeesCancelledAndCompletes() throws Exception {
        Tenant tenant = Tenant.fresh();
        ExportJob job = create(paused, tenant, paused.grpc().createDataSet(tenant));
        Watcher watcher = Watcher.start(paused, tenant, job.getId());
        assertThat(watcher.next().getStatus()).isEqualTo(ExportJobStatus.NEW);

        paused.grpc()
                .blocking(tenant)
                .cancelExportJob(
                        CancelExportJobRequest.newBuilder().setId(job.getId()).build());

        assertThat(watcher.next().getStatus()).isEqualTo(ExportJobStatus.CANCELLED);
        assertThat(watcher.end.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void everyWatcherOfAJobSeesItsEnd() throws Exception {
        Tenant tenant = Tenant.fresh();
        ExportJob job = create(paused, tenant, paused.grpc().createDataSet(tenant));
        List<Watcher> watchers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            watchers.add(Watcher.start(paused, tenant, job.getId()));
        }
        for (Watcher watcher : watchers) {
            assertThat(watcher.next().getStatus()).isEqualTo(ExportJobStatus.NEW);
        }

        paused.grpc()
                .blocking(tenant)
                .cancelExportJob(
                        CancelExportJobRequest.newBuilder().setId(job.getId()).build());

        for (Watcher watcher : watchers) {
            assertThat(watcher.next().getStatus()).isEqualTo(ExportJobStatus.CANCELLED);
            assertThat(watcher.end.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void watchOfAnEndedJobSendsItOnceAndCompletes() throws Exception {
        Tenant tenant = Tenant.fresh();
        ExportJob job = create(paused, tenant, paused.grpc().createDataSet(tenant));
        paused.grpc()
                .blocking(tenant)
                .cancelExportJob(
                        CancelExportJobRequest.newBuilder().setId(job.getId()).build());

        List<ExportJob> states = new ArrayList<>();
        watch(paused, tenant, job.getId(), Duration.ofSeconds(10)).forEachRemaining(states::add);

        assertThat(states).extracting(ExportJob::getStatus).containsExactly(ExportJobStatus.CANCELLED);
    }

    @Test
    void watcherOfAnotherTenantsJobGetsNotFound() throws Exception {
        Tenant owner = Tenant.fresh();
        ExportJob job = create(paused, owner, paused.grpc().createDataSet(owner));

        for (Tenant stranger : List.of(Tenant.fresh(), owner.inSandbox("dev"))) {
            assertThatThrownBy(() -> watch(paused, stranger, job.getId(), Duration.ofSeconds(10))
                            .next())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("export job " + job.getId() + " does not exist");
                    });
        }
    }

    @Test
    void watchOfAJobThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> watch(paused, Tenant.fresh(), 987_654_321L, Duration.ofSeconds(10))
                        .next())
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void watchWithoutATokenIsRefused() {
        var stub = ExportJobServiceGrpc.newBlockingStub(paused.grpc().channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        Iterator<ExportJob> states =
                stub.watchExportJob(WatchExportJobRequest.newBuilder().setId(1).build());

        assertThatThrownBy(states::next).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).startsWith("Oauth token is missing");
        });
    }

    @Test
    void stoppingTheServerEndsWatchesWithUnavailable() throws Exception {
        TestServer server = TestServer.start(Files.createTempDirectory("segexport-watch"));
        boolean stopped = false;
        try (GrpcClient grpc = new GrpcClient(server.grpcPort())) {
            Tenant tenant = Tenant.fresh();
            ExportJob job = grpc.blocking(tenant)
                    .createExportJob(CreateExportJobRequest.newBuilder()
                            .setExportJob(minimalJob(grpc.createDataSet(tenant)))
                            .build());
            Watcher watcher = new Watcher();
            grpc.async(tenant)
                    .watchExportJob(
                            WatchExportJobRequest.newBuilder()
                                    .setId(job.getId())
                                    .build(),
                            watcher);
            assertThat(watcher.next().getStatus()).isEqualTo(ExportJobStatus.NEW);

            long start = System.nanoTime();
            server.close();
            stopped = true;

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThatThrownBy(() -> watcher.end.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StatusRuntimeException.class)
                    .cause()
                    .satisfies(e -> assertThat(
                                    ((StatusRuntimeException) e).getStatus().getCode())
                            .isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            if (!stopped) {
                server.close();
            }
        }
    }

    private static Iterator<ExportJob> watch(SharedServer server, Tenant tenant, long id, Duration deadline) {
        return ExportJobServiceGrpc.newBlockingStub(server.grpc().channel)
                .withInterceptors(GrpcClient.headers(tenant))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .watchExportJob(WatchExportJobRequest.newBuilder().setId(id).build());
    }

    private static ExportJob create(SharedServer server, Tenant tenant, String dataSet) {
        return server.grpc()
                .blocking(tenant)
                .createExportJob(CreateExportJobRequest.newBuilder()
                        .setExportJob(minimalJob(dataSet))
                        .build());
    }

    private static ExportJob minimalJob(String dataSet) {
        return ExportJob.newBuilder()
                .setDestination(Destination.newBuilder().setDatasetId(dataSet))
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .build();
    }

    private static void ingest(SharedServer server, Tenant tenant, String dataSet, int profiles)
            throws InterruptedException {
        Iterator<IngestRequest> chunks = IntStream.iterate(0, start -> start < profiles, start -> start + 1000)
                .mapToObj(start -> IngestRequest.newBuilder()
                        .setDatasetId(dataSet)
                        .addAllRecords(IntStream.range(start, Math.min(profiles, start + 1000))
                                .mapToObj(WatchExportJobTest::profile)
                                .toList())
                        .build())
                .iterator();
        // The helper's 10 s deadline is too short for 50,000 profiles on a loaded machine.
        var stub = io.segexport.v1.ProfileServiceGrpc.newStub(server.grpc().channel)
                .withInterceptors(GrpcClient.headers(tenant))
                .withDeadlineAfter(2, TimeUnit.MINUTES);
        IngestResponse response = IngestStreams.send(stub::streamProfiles, chunks, Duration.ofMinutes(2));
        assertThat(response.getAccepted()).isEqualTo(profiles);
    }

    private static Struct profile(int i) {
        Struct identity = Struct.newBuilder()
                .putFields(
                        "id",
                        Value.newBuilder()
                                .setStringValue("user" + i + "@example.com")
                                .build())
                .build();
        Value identities = Value.newBuilder()
                .setListValue(com.google.protobuf.ListValue.newBuilder()
                        .addValues(Value.newBuilder().setStructValue(identity)))
                .build();
        return Struct.newBuilder()
                .putFields(
                        "identityMap",
                        Value.newBuilder()
                                .setStructValue(Struct.newBuilder().putFields("email", identities))
                                .build())
                .build();
    }

    /** An asynchronous watch: its states as they come, and how it ended. */
    private static final class Watcher implements StreamObserver<ExportJob> {
        final BlockingQueue<ExportJob> states = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> end = new CompletableFuture<>();

        static Watcher start(SharedServer server, Tenant tenant, long id) {
            Watcher watcher = new Watcher();
            server.grpc()
                    .async(tenant)
                    .watchExportJob(WatchExportJobRequest.newBuilder().setId(id).build(), watcher);
            return watcher;
        }

        ExportJob next() throws InterruptedException {
            ExportJob job = states.poll(10, TimeUnit.SECONDS);
            assertThat(job).as("a state within 10 s").isNotNull();
            return job;
        }

        @Override
        public void onNext(ExportJob job) {
            states.add(job);
        }

        @Override
        public void onError(Throwable t) {
            end.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            end.complete(null);
        }
    }
}
