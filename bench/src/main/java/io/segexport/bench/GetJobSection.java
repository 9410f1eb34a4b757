package io.segexport.bench;

import java.time.Duration;

/**
 * GetExportJob over gRPC and over REST against the same server, with the same number of calls in
 * flight: throughput and p99 latency of fixed-length rounds, after a warm-up of each.
 */
final class GetJobSection {
    private final Figure grpcRate;
    private final Figure grpcP99;
    private final Figure restRate;
    private final Figure restP99;
    private final Figure ratio;
    private final int inFlight;
    private final Duration length;
    private boolean warm;

    GetJobSection(Report report, int inFlight, Duration length) {
        this.inFlight = inFlight;
        this.length = length;
        grpcRate = report.add(Figure.of("GetExportJob over gRPC (calls/s)", "%,.0f", inFlight + " in flight"));
        grpcP99 = report.add(Figure.of("GetExportJob over gRPC, p99 (ms)", "%.2f", ""));
        restRate = report.add(Figure.of("GetExportJob over REST (calls/s)", "%,.0f", inFlight + " in flight"));
        restP99 = report.add(Figure.of("GetExportJob over REST, p99 (ms)", "%.2f", ""));
        ratio = report.add(Figure.withGoal("GetExportJob REST / gRPC (throughput)", "%.3f", Goal.atLeast(0.8, "%.1f")));
    }

    void round(GrpcApi grpc, RestApi rest, long jobId) throws InterruptedException {
        String path = "/data/core/ups/export/jobs/" + jobId;
        if (!warm) {
            ClosedLoopLoad.run(() -> grpc.getJob(jobId), inFlight, length);
            ClosedLoopLoad.run(() -> rest.get(path), inFlight, length);
            warm = true;
        }
        ClosedLoopLoad.Result overGrpc = ClosedLoopLoad.run(() -> grpc.getJob(jobId), inFlight, length);
        ClosedLoopLoad.Result overRest = ClosedLoopLoad.run(() -> rest.get(path), inFlight, length);
        grpcRate.add(overGrpc.callsPerSecond());
        grpcP99.add(overGrpc.percentileMillis(99));
        restRate.add(overRest.callsPerSecond());
        restP99.add(overRest.percentileMillis(99));
        ratio.add(overRest.callsPerSecond() / overGrpc.callsPerSecond());
    }
}
