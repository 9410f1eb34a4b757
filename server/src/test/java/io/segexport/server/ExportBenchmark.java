package io.segexport.server;

import io.grpc.ManagedChannel;
import io.segexport.json.ProtoJsonReader;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc;
import io.segexport.v1.Schema;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.IntStream;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * A benchmark, not a test: loads N synthetic profiles through the gRPC streaming ingest, exports
 * them all with one job, then scans the same store raw (every profile key and value, nothing else),
 * and prints the rates, their ratio and the peak heap of the export. Run it with
 * {@code scripts/bench-export [N]} (default 1,000,000).
 */
public final class ExportBenchmark {
    private ExportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int profiles = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dataDir = Files.createTempDirectory("segexport-bench");
        run(profiles, dataDir, System.out);
    }

    /** Runs the benchmark over a fresh data folder and prints its figures. */
    static void run(int profiles, Path dataDir, PrintStream out) throws Exception {
        Tenant tenant = Tenant.fresh();
        long exportedPerSecond;
        long exported;
        long peakHeap;
        try (TestServer server = TestServer.start(dataDir, 1); GrpcClient grpc = new GrpcClient(server.grpcPort())) {
            String dataSet = grpc.createDataSet(tenant);
            long loadStart = System.nanoTime();
            ingest(grpc.channel, tenant, dataSet, profiles);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            out.printf("loaded     %,d profiles in %.1f s (%,.0f profiles/s over gRPC streaming)%n",
                    profiles, loadSeconds, profiles / loadSeconds);

            resetPeaks();
            ExportJob job = grpc.blocking(tenant).createExportJob(CreateExportJobRequest.newBuilder().setExportJob(ExportJob.newBuilder()
                    .setDestination(Destination.newBuilder().setDatasetId(dataSet))
                    .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))).build());
            while (job.getStatus() == ExportJobStatus.NEW || job.getStatus() == ExportJobStatus.PROCESSING) {
                Thread.sleep(50);
                job = grpc.blocking(tenant).getExportJob(GetExportJobRequest.newBuilder().setId(job.getId()).build());
            }
            peakHeap = peakHeap();
            if (job.getStatus() != ExportJobStatus.SUCCEEDED) {
                throw new IllegalStateException("the export did not succeed: " + job);
            }
            exported = job.getMetrics().getTotalExportedProfileCounter();
            long millis = Math.max(1, job.getMetrics().getProfileExportTime().getTotalTimeInMs());
            exportedPerSecond = exported * 1000 / millis;
            out.printf("exported   %,d profiles in %,d ms: %,d profiles/s%n", exported, millis, exportedPerSecond);
        }
        long scanned = 0;
        long scanStart = System.nanoTime();
        try (Database database = Database.open(new DataLayout(dataDir).rocksDb());
             ReadOptions read = new ReadOptions().setSnapshot(database.db().getSnapshot());
             RocksIterator it = database.db().newIterator(database.family(Database.Family.PROFILES), read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (it.value().length > 0) {
                    scanned++;
                }
            }
        }
        double scanSeconds = (System.nanoTime() - scanStart) / 1e9;
        long scannedPerSecond = (long) (scanned / scanSeconds);
        out.printf("raw scan   %,d profiles in %,.0f ms: %,d profiles/s%n", scanned, scanSeconds * 1000, scannedPerSecond);
        out.printf("ratio      export / raw scan = %.3f%n", (double) exportedPerSecond / scannedPerSecond);
        out.printf("peak heap  %,d MiB during the export (max heap %,d MiB)%n", peakHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void ingest(ManagedChannel channel, Tenant tenant, String dataSet, int profiles) throws Exception {
        Iterator<IngestRequest> chunks = IntStream.iterate(0, start -> start < profiles, start -> start + 1000)
                .mapToObj(start -> {
                    IngestRequest.Builder chunk = IngestRequest.newBuilder().setDatasetId(dataSet);
                    IntStream.range(start, Math.min(profiles, start + 1000)).forEach(i -> chunk.addRecords(struct(record(i))));
                    return chunk.build();
                })
                .iterator();
        IngestResponse response = IngestStreams.send(
                ProfileServiceGrpc.newStub(channel).withInterceptors(GrpcClient.headers(tenant))::streamProfiles,
                chunks, Duration.ofHours(2));
        if (response.getAccepted() != profiles) {
            throw new IllegalStateException("not every profile was accepted: " + response);
        }
    }

    private static com.google.protobuf.Struct struct(String json) {
        try {
            return ProtoJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    com.google.protobuf.Struct.getDefaultInstance());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** About 600 bytes: identities in two namespaces, attributes, memberships in three segments. */
    private static String record(int i) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"user" + i + "@example.com\", \"primary\": true}],"
                + " \"ECID\": [{\"id\": \"" + (100_000_000L + i) + "\"}]},"
                + " \"personalEmail\": {\"address\": \"user" + i + "@example.com\"},"
                + " \"person\": {\"name\": {\"firstName\": \"First" + i + "\", \"lastName\": \"Last" + i + "\"},"
                + " \"birthDate\": \"1980-01-01\", \"gender\": \"female\"},"
                + " \"homeAddress\": {\"street1\": \"" + i + " Main Street\", \"city\": \"Springfield\", \"postalCode\": \"12345\","
                + " \"country\": \"US\"}, \"loyalty\": {\"tier\": \"gold\", \"points\": " + i % 10_000 + "},"
                + " \"segmentMembership\": {\"ups\": {"
                + "\"half\": {\"status\": \"" + (i % 2 == 0 ? "realized" : "exited") + "\", \"lastQualificationTime\": \"2018-01-15T00:00:00Z\"},"
                + "\"tenth\": {\"status\": \"" + (i % 10 == 0 ? "realized" : "exited") + "\", \"lastQualificationTime\": \"2018-01-15T00:00:00Z\"},"
                + "\"hundredth\": {\"status\": \"" + (i % 100 == 0 ? "realized" : "exited") + "\", \"lastQualificationTime\": \"2018-01-15T00:00:00Z\"}}}}";
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }
}
