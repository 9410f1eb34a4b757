package io.segexport.bench;

import io.segexport.v1.ExportJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store far larger than the heap: a server of its own under -Xmx256m, loaded with the huge count
 * of profiles (built as they are sent), then one export of them all. Whether it completes, its
 * rows, the server's peak heap during the export (through the Attach API) and its peak RSS over the
 * whole run (VmHWM: loading included).
 */
final class HugeExportSection {
    static final String MAX_HEAP = "-Xmx256m";

    private final long profiles;
    private final Figure load;
    private final Figure rows;
    private final Figure rate;
    private final Figure peakHeap;
    private final Figure peakRss;

    HugeExportSection(Report report, long profiles) {
        this.profiles = profiles;
        String export = String.format("export of %,d under %s", profiles, MAX_HEAP);
        load = report.add(Figure.withGoal(
                String.format("load of %,d over gRPC streaming, messages built as sent (s)", profiles),
                "%,.1f",
                Goal.atMost(120, "%,.0f")));
        rows = report.add(Figure.withGoal(export + ": rows exported", "%,.0f", Goal.atLeast(profiles, "%,.0f")));
        rate = report.add(Figure.of(export + " (profiles/s)", "%,.0f", ""));
        peakHeap = report.add(Figure.of(export + ": peak heap (MiB)", "%,.0f", "during the export"));
        peakRss = report.add(Figure.of(export + ": peak RSS (MiB)", "%,.0f", "whole process, load included"));
    }

    void run(Path serverJar, List<String> serverOptions, Path dataDir, Progress progress) throws Exception {
        BenchTenant tenant = BenchTenant.named("bench-huge");
        try (ServerProcess server = ServerProcess.start(serverJar, dataDir, withMaxHeap(serverOptions));
                GrpcApi grpc = new GrpcApi(server.grpcPort(), tenant)) {
            String dataSet = grpc.createDataSet();
            progress.say("loading %,d profiles into a server under %s", profiles, MAX_HEAP);
            List<Supplier<byte[]>> chunks = SyntheticProfiles.chunks(profiles, IngestSection.CHUNK).stream()
                    .<Supplier<byte[]>>map(range -> () -> SyntheticProfiles.grpcChunk(dataSet, range[0], range[1]))
                    .toList();
            long start = System.nanoTime();
            StreamIngest.send(grpc.channel(), chunks, profiles);
            load.add((System.nanoTime() - start) / 1e9);
            progress.say("exporting them");
            try (HeapProbe heap = HeapProbe.attach(server.pid())) {
                heap.resetPeak();
                ExportJob job = grpc.export(dataSet, Optional.empty());
                ExportSection.expectExported(job, profiles);
                rows.add(job.getMetrics().getTotalExportedProfileCounter());
                rate.add(profiles * 1000.0 / ExportSection.exportMillis(job));
                peakHeap.add(heap.peakHeap() / (double) (1 << 20));
            }
            peakRss.add(server.peakRss() / (double) (1 << 20));
        }
    }

    /** The servers' options with the heap bound last, so that it wins over any -Xmx among them. */
    private static List<String> withMaxHeap(List<String> serverOptions) {
        List<String> options = new ArrayList<>(serverOptions);
        options.add(MAX_HEAP);
        return options;
    }
}
