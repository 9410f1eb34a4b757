package io.segexport.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Ingest: profile fragments a second over client-streaming gRPC (the first load of the store, then
 * re-loads of its first profiles as updates) and over REST batches (the same profiles again).
 * Every message is built before the clock starts, so that the generator is not what is measured. The
 * first load's ceiling is {@link RawWrite}: the same keys and values written by RocksDB alone.
 */
final class IngestSection {
    /** Records a message: the default of the server's ingest-records limit. */
    static final int CHUNK = 1_000;

    private final Figure firstLoad;
    private final Figure firstLoadCpu;
    private final Figure rawWrite;
    private final Figure grpcUpdatesCpu;
    private final Figure grpcUpdates;
    private final Figure restUpdates;
    private final int inFlight;
    private final long profiles;
    private final long updated;
    private List<Supplier<byte[]>> grpcChunks;
    private List<byte[]> restBodies;

    IngestSection(Report report, long profiles, long updated, int inFlight) {
        this.profiles = profiles;
        this.updated = Math.min(updated, profiles);
        this.inFlight = inFlight;
        Goal goal = Goal.atLeast(200_000, "%,.0f");
        firstLoad = report.add(Figure.withGoal("ingest over gRPC streaming, first load (fragments/s)", "%,.0f", goal));
        firstLoadCpu = report.add(Figure.of(
                "ingest over gRPC streaming, first load: server CPU per fragment (us)", "%,.1f", "all its threads"));
        rawWrite = report.add(Figure.withGoal(
                String.format(
                        "raw RocksDB write of the first load's keys and values, synced batches of %,d (profiles/s)",
                        CHUNK),
                "%,.0f",
                goal));
        grpcUpdates = report.add(Figure.withGoal(
                String.format("ingest over gRPC streaming, %,d updates (fragments/s)", this.updated),
                "%,.0f",
                Goal.atLeast(100_000, "%,.0f")));
        grpcUpdatesCpu = report.add(Figure.of(
                "ingest over gRPC streaming, updates: server CPU per fragment (us)", "%,.1f", "all its threads"));
        restUpdates = report.add(Figure.of(
                String.format("ingest over REST batches of %,d, %,d updates (fragments/s)", CHUNK, this.updated),
                "%,.0f",
                inFlight + " batches in flight"));
    }

    /** Builds every message of the section: the whole store's over gRPC, the updated profiles' over REST. */
    void prepare(String dataSet) {
        grpcChunks = SyntheticProfiles.chunks(profiles, CHUNK).parallelStream()
                .map(range -> SyntheticProfiles.grpcChunk(dataSet, range[0], range[1]))
                .<Supplier<byte[]>>map(chunk -> () -> chunk)
                .toList();
        restBodies = SyntheticProfiles.chunks(updated, CHUNK).parallelStream()
                .map(range -> SyntheticProfiles.restBody(dataSet, range[0], range[1]))
                .toList();
    }

    /** Loads the whole store, once. */
    void firstLoad(GrpcApi grpc, LongSupplier serverCpuNanos) throws InterruptedException {
        long cpu = serverCpuNanos.getAsLong();
        long start = System.nanoTime();
        StreamIngest.send(grpc.channel(), grpcChunks, profiles);
        firstLoad.add(profiles / ((System.nanoTime() - start) / 1e9));
        firstLoadCpu.add((serverCpuNanos.getAsLong() - cpu) / 1e3 / profiles);
    }

    /** The first load's ceiling: what it wrote, written again by RocksDB alone into a new store. */
    void rawWrite(Path loaded, Path target) throws Exception {
        RawWrite.Result result = RawWrite.copy(loaded, target, CHUNK);
        if (result.profiles() != profiles) {
            throw new IllegalStateException("the raw write wrote " + result.profiles() + " profiles, not " + profiles);
        }
        rawWrite.add(result.profilesPerSecond());
    }

    void round(GrpcApi grpc, RestApi rest, LongSupplier serverCpuNanos) throws InterruptedException {
        int updatedChunks = (int) ((updated + CHUNK - 1) / CHUNK);
        long cpu = serverCpuNanos.getAsLong();
        long start = System.nanoTime();
        StreamIngest.send(grpc.channel(), grpcChunks.subList(0, updatedChunks), updated);
        grpcUpdates.add(updated / ((System.nanoTime() - start) / 1e9));
        grpcUpdatesCpu.add((serverCpuNanos.getAsLong() - cpu) / 1e3 / updated);
        start = System.nanoTime();
        RestIngest.send(rest, restBodies, inFlight, updated);
        restUpdates.add(updated / ((System.nanoTime() - start) / 1e9));
    }
}
