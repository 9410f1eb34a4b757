package io.segexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.gateway.LoggingDefaults;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cluster mode's figures beside the embedded mode's, on the same profiles: the ingest rate (over
 * REST, acknowledged), the time from the ingest's start until an export of every profile has ended
 * (in a cluster, that includes merging the records in the topology), the export's own rate, the time
 * a job takes when a node is killed as it starts, and the bytes on disk. The cluster is one that
 * {@code scripts/local-cluster up} started, with the bench's token; {@code scripts/cluster-figures}
 * runs both.
 */
@Command(name = "cluster-figures", description = "Measures a local cluster beside the embedded server.")
public final class ClusterFigures implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_REQUEST = 1_000;
    private static final int IN_FLIGHT = 4;

    @Option(names = "--profiles", defaultValue = "100000", description = "Profiles ingested and exported.")
    private int profiles;

    @Option(names = "--cluster", required = true, description = "The folder of a running scripts/local-cluster.")
    private Path cluster;

    @Option(names = "--work", required = true, description = "A folder for the embedded server's data.")
    private Path work;

    @Option(names = "--server-jar", defaultValue = "server/target/segexport-server.jar")
    private Path serverJar;

    /** What one deployment measured. */
    private record Run(
            long ingestMillis,
            long untilExportedMillis,
            long exportMillis,
            long jobMillis,
            long mergedJobMillis,
            BatchIngestSection.Timed batch,
            long batchBytes) {}

    public static void main(String[] args) {
        LoggingDefaults.apply();
        System.exit(new CommandLine(new ClusterFigures()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.println(Machine.describe() + "; " + profiles + " profiles; " + Machine.loadAverage());
        Path embeddedData = work.resolve("embedded");
        Run embedded;
        try (ServerProcess server = ServerProcess.start(serverJar.toAbsolutePath(), embeddedData, List.of("-Xmx1g"))) {
            embedded = measure(BenchTenant.named("embedded"), List.of(server.grpcPort()), List.of(server.httpPort()));
        }
        // The batches' files are the exports' output, which a cluster keeps in the bucket.
        long embeddedBytes = allocatedBytes(embeddedData) - allocatedBytes(embeddedData.resolve("batches"));
        out.println("embedded measured; " + Machine.loadAverage());

        JsonNode nodes =
                JSON.readTree(Files.readString(cluster.resolve("cluster.json"))).get("nodes");
        List<Integer> grpcPorts = new ArrayList<>();
        List<Integer> httpPorts = new ArrayList<>();
        nodes.forEach(node -> {
            grpcPorts.add(node.get("grpcPort").asInt());
            httpPorts.add(node.get("httpPort").asInt());
        });
        BenchTenant tenant = BenchTenant.named("cluster");
        Run clustered = measure(tenant, grpcPorts, httpPorts);
        out.println("cluster measured; " + Machine.loadAverage());
        long failoverMillis = failover(tenant, grpcPorts.get(1));
        long restartMillis = timed(() -> script("start", "1"));
        long clusterBytes = allocatedBytes(cluster, "broker-") + allocatedBytes(cluster, "node-");

        out.printf("%n| figure | embedded | 2-node cluster | cluster ÷ embedded |%n|---|---|---|---|%n");
        row(out, "ingest, acknowledged (profiles/s)", rate(embedded.ingestMillis()), rate(clustered.ingestMillis()));
        row(
                out,
                "ingest start to export ended (s)",
                embedded.untilExportedMillis() / 1000.0,
                clustered.untilExportedMillis() / 1000.0);
        row(
                out,
                "export, profileExportTime (profiles/s)",
                rate(embedded.exportMillis()),
                rate(clustered.exportMillis()));
        row(out, "first job, created to ended (s)", embedded.jobMillis() / 1000.0, clustered.jobMillis() / 1000.0);
        row(
                out,
                "second job, every record merged (s)",
                embedded.mergedJobMillis() / 1000.0,
                clustered.mergedJobMillis() / 1000.0);
        row(
                out,
                "batch ingestion, upload of the file (MB/s)",
                embedded.batchBytes() / 1e6 / (embedded.batch().uploadNanos() / 1e9),
                clustered.batchBytes() / 1e6 / (clustered.batch().uploadNanos() / 1e9));
        row(
                out,
                "batch ingestion, COMPLETE to success (records/s)",
                profiles / (embedded.batch().processingNanos() / 1e9),
                profiles / (clustered.batch().processingNanos() / 1e9));
        row(out, "disk allocated (MiB)", embeddedBytes / 1048576.0, clusterBytes / 1048576.0);
        out.printf(
                "%na third job, node 1 killed as it was created: %.1f s (the second job, without a kill: %.1f s)%n",
                failoverMillis / 1000.0, clustered.mergedJobMillis() / 1000.0);
        out.printf("node 1 started again and ready: %.1f s%n", restartMillis / 1000.0);
        out.println(Machine.loadAverage());
        return 0;
    }

    /** Ingests the profiles, spread over the nodes, then exports them all through the first node. */
    private Run measure(BenchTenant tenant, List<Integer> grpcPorts, List<Integer> httpPorts) throws Exception {
        try (GrpcApi api = new GrpcApi(grpcPorts.get(0), tenant)) {
            String dataSet = api.createDataSet();
            List<List<byte[]>> bodies = new ArrayList<>();
            long[] records = new long[httpPorts.size()];
            httpPorts.forEach(port -> bodies.add(new ArrayList<>()));
            int request = 0;
            for (long[] chunk : SyntheticProfiles.chunks(profiles, PER_REQUEST)) {
                int node = request++ % httpPorts.size();
                bodies.get(node).add(SyntheticProfiles.restBody(dataSet, chunk[0], chunk[1]));
                records[node] += chunk[1] - chunk[0];
            }
            long start = System.nanoTime();
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int node = 0; node < httpPorts.size(); node++) {
                RestApi rest = new RestApi(httpPorts.get(node), tenant);
                List<byte[]> mine = bodies.get(node);
                long count = records[node];
                sends.add(CompletableFuture.runAsync(() -> send(rest, mine, count)));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(2, TimeUnit.HOURS);
            long ingested = System.nanoTime();
            String destination = api.createDataSet();
            long created = System.nanoTime();
            ExportJob job = api.export(destination, Optional.empty());
            long ended = System.nanoTime();
            ExportSection.expectExported(job, profiles);
            long again = System.nanoTime();
            ExportSection.expectExported(api.export(destination, Optional.empty()), profiles);
            long mergedJob = millis(System.nanoTime() - again);
            Path file = work.resolve("batch-" + tenant.orgId() + ".json");
            BatchIngestSection.write(file, profiles);
            long batchBytes = Files.size(file);
            BatchIngestSection.Timed batch =
                    BatchIngestSection.ingest(new RestApi(httpPorts.get(httpPorts.size() - 1), tenant), file, profiles);
            Files.delete(file);
            return new Run(
                    millis(ingested - start),
                    millis(ended - start),
                    ExportSection.exportMillis(job),
                    millis(ended - created),
                    mergedJob,
                    batch,
                    batchBytes);
        }
    }

    private static void send(RestApi rest, List<byte[]> bodies, long records) {
        try {
            RestIngest.send(rest, bodies, IN_FLIGHT, records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Exports the tenant's profiles again through node 2 while node 1 is killed as the job is
     * created; the job's time, created to ended.
     */
    private long failover(BenchTenant tenant, int grpcPort) throws Exception {
        try (GrpcApi api = new GrpcApi(grpcPort, tenant)) {
            String destination = api.createDataSet();
            CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> script("kill", "1"));
            long start = System.nanoTime();
            ExportSection.expectExported(api.export(destination, Optional.empty()), profiles);
            long ended = System.nanoTime();
            kill.get(1, TimeUnit.MINUTES);
            return millis(ended - start);
        }
    }

    private void script(String command, String node) {
        try {
            Process process = new ProcessBuilder(
                            Path.of("scripts", "local-cluster").toString(), command, cluster.toString(), node)
                    .inheritIO()
                    .start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("local-cluster " + command + " " + node + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long timed(Runnable step) {
        long start = System.nanoTime();
        step.run();
        return millis(System.nanoTime() - start);
    }

    /** The disk allocated under the folders of {@code dir} whose names start with {@code prefix}. */
    private static long allocatedBytes(Path dir, String prefix) throws IOException, InterruptedException {
        long bytes = 0;
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))
                    .toList()) {
                bytes += allocatedBytes(part);
            }
        }
        return bytes;
    }

    /**
     * The disk allocated under {@code dir}, as {@code du} counts it: Kafka preallocates each
     * segment's index files at 10 MiB, sparse, so their lengths would count space never written.
     */
    private static long allocatedBytes(Path dir) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "-B1", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (du.waitFor() != 0) {
            throw new IOException("du " + dir + " failed");
        }
        return Long.parseLong(output.split("\\s+")[0]);
    }

    private double rate(long millis) {
        return profiles * 1000.0 / millis;
    }

    private static void row(PrintStream out, String name, double embedded, double clustered) {
        out.printf("| %s | %,.1f | %,.1f | %.2f |%n", name, embedded, clustered, clustered / embedded);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
