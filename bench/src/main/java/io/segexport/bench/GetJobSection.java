package io.segexport.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * GetExportJob over gRPC and over REST against the same server, with the same number of calls in
 * flight: throughput and p99 latency of fixed-length rounds, after a warm-up of each. The warm-up is
 * long because the JIT keeps compiling the REST path (Armeria, the transcoder, the JSON codec) for
 * about a minute and a half of load: a 10 s warm-up measured it at a quarter of its later rate.
 */
final class GetJobSection {
    private final Figure grpcRate;
    private final Figure grpcP99;
    private final Figure restRate;
    private final Figure restP99;
    private final Figure grpcCpu;
    private final Figure restCpu;
    private final Figure ratio;
    private final int inFlight;
    private final Duration length;
    private final Duration warmUp;
    private boolean warm;

    GetJobSection(Report report, int inFlight, Duration length, Duration warmUp) {
        this.inFlight = inFlight;
        this.length = length;
        this.warmUp = warmUp;
        grpcRate = report.add(Figure.of("GetExportJob over gRPC (calls/s)", "%,.0f", inFlight + " in flight"));
        grpcP99 = report.add(Figure.of("GetExportJob over gRPC, p99 (ms)", "%.2f", ""));
        restRate = report.add(Figure.of("GetExportJob over REST (calls/s)", "%,.0f", inFlight + " in flight"));
        restP99 = report.add(Figure.of("GetExportJob over REST, p99 (ms)", "%.2f", ""));
        grpcCpu = report.add(Figure.of("GetExportJob over gRPC, server CPU per call (us)", "%,.0f", "all its threads"));
        restCpu = report.add(Figure.of("GetExportJob over REST, server CPU per call (us)", "%,.0f", "all its threads"));
        ratio = report.add(Figure.withGoal("GetExportJob REST / gRPC (throughput)", "%.3f", Goal.atLeast(0.8, "%.1f")));
    }

    /** One round of each; {@code serverCpu} reads the server's CPU time (ns), which the generator's share of the cores does not blur. */
    void round(GrpcApi grpc, RestApi rest, long jobId, LongSupplier serverCpu) throws InterruptedException {
        String path = "/data/core/ups/export/jobs/" + jobId;
        if (!warm) {
            ClosedLoopLoad.run(() -> grpc.getJob(jobId), inFlight, warmUp);
            ClosedLoopLoad.run(() -> rest.get(path), inFlight, warmUp);
            warm = true;
        }
        long cpuAtStart = serverCpu.getAsLong();
        ClosedLoopLoad.Result overGrpc = ClosedLoopLoad.run(() -> grpc.getJob(jobId), inFlight, length);
        long cpuBetween = serverCpu.getAsLong();
        ClosedLoopLoad.Result overRest = ClosedLoopLoad.run(() -> rest.get(path), inFlight, length);
        long cpuAtEnd = serverCpu.getAsLong();
        grpcCpu.add((cpuBetween - cpuAtStart) / 1e3 / overGrpc.calls());
        restCpu.add((cpuAtEnd - cpuBetween) / 1e3 / overRest.calls());
        grpcRate.add(overGrpc.callsPerSecond());
        grpcP99.add(overGrpc.percentileMillis(99));
        restRate.add(overRest.callsPerSecond());
        restP99.add(overRest.percentileMillis(99));
        ratio.add(overRest.callsPerSecond() / overGrpc.callsPerSecond());
    }
}
