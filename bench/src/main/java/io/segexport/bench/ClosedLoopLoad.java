package io.segexport.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A closed-loop load generator: {@code inFlight} lanes, each making one asynchronous call after
 * the other for a fixed time, with every call's latency kept. A failed call fails the round.
 */
final class ClosedLoopLoad {
    /** The calls of one round: how many a second, and their latencies in nanoseconds. */
    record Result(double callsPerSecond, long[] latencies) {
        int calls() {
            return latencies.length;
        }

        double percentileMillis(double percent) {
            return Stats.percentile(latencies, percent) / 1e6;
        }
    }

    private ClosedLoopLoad() {}

    static Result run(Supplier<CompletableFuture<?>> call, int inFlight, Duration duration)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Lane[] lanes = new Lane[inFlight];
        CompletableFuture<?>[] done = new CompletableFuture<?>[inFlight];
        for (int i = 0; i < inFlight; i++) {
            lanes[i] = new Lane(call, end);
            done[i] = lanes[i].start();
        }
        try {
            CompletableFuture.allOf(done).get(duration.toMillis() + 120_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a call of the load failed", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int calls = 0;
        for (Lane lane : lanes) {
            calls += lane.count;
        }
        long[] latencies = new long[calls];
        int at = 0;
        for (Lane lane : lanes) {
            System.arraycopy(lane.latencies, 0, latencies, at, lane.count);
            at += lane.count;
        }
        return new Result(calls / seconds, latencies);
    }

    /** One call in flight at a time; its fields are touched by one call's callback after the other. */
    private static final class Lane {
        private final Supplier<CompletableFuture<?>> call;
        private final long end;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private long[] latencies = new long[1024];
        private int count;

        Lane(Supplier<CompletableFuture<?>> call, long end) {
            this.call = call;
            this.end = end;
        }

        CompletableFuture<Void> start() {
            next();
            return done;
        }

        private void next() {
            long sent = System.nanoTime();
            if (sent >= end) {
                done.complete(null);
                return;
            }
            call.get().whenComplete((answer, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                    return;
                }
                record(System.nanoTime() - sent);
                next();
            });
        }

        private void record(long latency) {
            if (count == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
        }
    }
}
