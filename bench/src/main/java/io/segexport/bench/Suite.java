package io.segexport.bench;

import io.segexport.server.store.DataLayout;
import io.segexport.v1.ExportJob;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole suite over one work folder: the seeded job tenants and the loaded profile store served
 * by one all-in-one server process, each section's rounds in turn, then the huge export on a server
 * of its own.
 */
final class Suite {
    private final Sizes sizes;
    private final Path serverJar;
    private final List<String> serverOptions;
    private final Progress progress;

    Suite(Sizes sizes, Path serverJar, List<String> serverOptions, Progress progress) {
        this.sizes = sizes;
        this.serverJar = serverJar;
        this.serverOptions = List.copyOf(serverOptions);
        this.progress = progress;
    }

    Report run(Path workDir) throws Exception {
        Report report = new Report();
        ExportSection export = new ExportSection(report, sizes.profiles());
        GetJobSection getJob = new GetJobSection(report, sizes.inFlight(), sizes.loadRound(), sizes.warmUp());
        ListPageSection listPage = new ListPageSection(report, sizes.jobs(), sizes.loadRound());
        IngestSection ingest =
                new IngestSection(report, sizes.profiles(), sizes.ingestProfiles(), StreamIngest.STREAMS);
        BatchIngestSection batchIngest = new BatchIngestSection(report, sizes.batchRecords());
        Path store = workDir.resolve("store");
        BenchTenant profiles = BenchTenant.named("bench-profiles");
        BenchTenant fewJobs = BenchTenant.named("bench-jobs-few");
        BenchTenant manyJobs = BenchTenant.named("bench-jobs-many");
        progress.say("seeding %,d and %,d ended jobs into the store", Sizes.FEW_JOBS, sizes.jobs());
        JobSeeder.seed(store, List.of(fewJobs, manyJobs), List.of(Sizes.FEW_JOBS, sizes.jobs()));
        progress.say("starting the server");
        try (ServerProcess server = ServerProcess.start(serverJar, store, serverOptions);
                GrpcApi grpc = new GrpcApi(server.grpcPort(), profiles)) {
            RestApi rest = new RestApi(server.httpPort(), profiles);
            String dataSet = grpc.createDataSet();
            progress.say("building the messages of %,d profiles", sizes.profiles());
            ingest.prepare(dataSet);
            progress.say("loading them over gRPC streaming");
            ingest.firstLoad(grpc, server::cpuNanos);
            ExportJob full = null;
            for (int round = 1; round <= sizes.rounds(); round++) {
                progress.say("exports, round %d of %d", round, sizes.rounds());
                full = export.round(grpc, dataSet, new DataLayout(store).rocksDb());
            }
            progress.say("writing what the first load stored again, by RocksDB alone");
            ingest.rawWrite(new DataLayout(store).rocksDb(), workDir.resolve("raw-write"));
            for (int round = 1; round <= sizes.rounds(); round++) {
                progress.say("GetExportJob, round %d of %d", round, sizes.rounds());
                getJob.round(grpc, rest, full.getId(), server::cpuNanos);
            }
            RestApi few = new RestApi(server.httpPort(), fewJobs);
            RestApi many = new RestApi(server.httpPort(), manyJobs);
            for (int round = 1; round <= sizes.rounds(); round++) {
                progress.say("list pages, round %d of %d", round, sizes.rounds());
                listPage.round(few, many);
            }
            for (int round = 1; round <= sizes.rounds(); round++) {
                progress.say("ingest updates, round %d of %d", round, sizes.rounds());
                ingest.round(grpc, rest, server::cpuNanos);
            }
            progress.say("ingesting a file of %,d records as one batch", sizes.batchRecords());
            batchIngest.run(
                    new RestApi(server.httpPort(), BenchTenant.named("bench-batch")), workDir, server::cpuNanos);
        }
        if (sizes.huge() > 0) {
            new HugeExportSection(report, sizes.huge())
                    .run(serverJar, serverOptions, workDir.resolve("huge"), progress);
        }
        return report;
    }
}
