package io.segexport.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.WatchExportJobRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Follows export jobs through {@code WatchExportJob}, and waits for them to end. */
final class JobWatcher {
    private final ExportJobServiceBlockingStub jobs;
    private final Retrier retrier;

    /** {@code jobs} carries no deadline: a watch lasts as long as its job runs. */
    JobWatcher(ExportJobServiceBlockingStub jobs, Retrier retrier) {
        this.jobs = jobs;
        this.retrier = retrier;
    }

    static boolean hasEnded(ExportJob job) {
        return switch (job.getStatus()) {
            case SUCCEEDED, FAILED, CANCELLED -> true;
            default -> false;
        };
    }

    Iterator<ExportJob> watch(long id) {
        return retrier.openStream(() -> jobs.watchExportJob(request(id)));
    }

    /**
     * Watches the job until it ends, each state going to {@code onUpdate}. A server that goes away
     * ends a watch with {@code UNAVAILABLE}; the job lives on, so it is watched again, with the
     * retry policy's backoff (but no limit of attempts) until the timeout, unless the policy allows
     * only one attempt.
     */
    ExportJob await(long id, Duration timeout, Consumer<ExportJob> onUpdate) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExportJob last = null;
        int retries = 0;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timedOut(id, timeout, last);
            }
            // Cancels the watch if onUpdate throws: it would otherwise run until the job ends.
            try (CallScope scope = CallScope.open()) {
                Iterator<ExportJob> states = jobs.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS)
                        .watchExportJob(request(id));
                while (states.hasNext()) {
                    last = states.next();
                    retries = 0;
                    onUpdate.accept(last);
                    if (hasEnded(last)) {
                        return last;
                    }
                }
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.DEADLINE_EXCEEDED) {
                    throw timedOut(id, timeout, last);
                }
                if (code != Status.Code.UNAVAILABLE || retrier.policy().maxAttempts() == 1) {
                    throw SegexportException.from(e);
                }
            }
            // Here the server went away, or (against the contract) ended the stream early: watch again.
            retries++;
            Duration wait = retrier.policy().backoff(retries);
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            retrier.pause(wait.compareTo(left) < 0 ? wait : left);
        }
    }

    private static WatchExportJobRequest request(long id) {
        return WatchExportJobRequest.newBuilder().setId(id).build();
    }

    private static TimeoutException timedOut(long id, Duration timeout, ExportJob last) {
        return new TimeoutException("export job " + id + " has not ended within " + timeout
                + (last == null ? "" : "; it was " + last.getStatus() + " when last seen"));
    }
}
