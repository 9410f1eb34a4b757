package io.segexport.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.JobStatuses;
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

    Iterator<ExportJob> watch(long id) {
        return retrier.openStream(() -> jobs.watchExportJob(request(id)));
    }

    /**
     * Watches the job until it ends, each state going to {@code onUpdate}. Until the job has been
     * seen, {@code UNAVAILABLE} is retried as for any read, within the policy's attempts: a server
     * that cannot be reached is reported as such. Once it has been seen, a server that goes away
     * only interrupts the watch (the job lives on), so it is watched again, with the policy's
     * backoff but no limit of attempts, until the timeout; unless the policy is one attempt.
     */
    ExportJob await(long id, Duration timeout, Consumer<ExportJob> onUpdate) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExportJob last = null;
        StatusRuntimeException unavailable = null;
        int retries = 0;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timedOut(id, timeout, last, unavailable);
            }
            // Cancels the watch if onUpdate throws: it would otherwise run until the job ends.
            try (CallScope scope = CallScope.open()) {
                Iterator<ExportJob> states =
                        jobs.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS).watchExportJob(request(id));
                while (states.hasNext()) {
                    last = states.next();
                    unavailable = null;
                    retries = 0;
                    onUpdate.accept(last);
                    if (JobStatuses.isEnded(last.getStatus())) {
                        return last;
                    }
                }
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.DEADLINE_EXCEEDED) {
                    throw timedOut(id, timeout, last, unavailable);
                }
                int maxAttempts = retrier.policy().maxAttempts();
                boolean watchAgain = last != null ? maxAttempts > 1 : retries + 1 < maxAttempts;
                if (code != Status.Code.UNAVAILABLE || !watchAgain || TlsFailures.certificateRefused(e)) {
                    throw SegexportException.from(e);
                }
                unavailable = e;
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

    /** The timeout; {@code unavailable}, when the server could not be reached at the last attempt, is its cause. */
    private static TimeoutException timedOut(
            long id, Duration timeout, ExportJob last, StatusRuntimeException unavailable) {
        TimeoutException timedOut = new TimeoutException("export job " + id + " has not ended within " + timeout
                + (last == null ? "" : "; it was " + last.getStatus() + " when last seen")
                + (unavailable == null ? "" : "; the server was unavailable at the last attempt"));
        if (unavailable != null) {
            timedOut.initCause(SegexportException.from(unavailable));
        }
        return timedOut;
    }
}
