package io.segexport.server.jobs;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.v1.ExportJob;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One WatchExportJob call: the states to send, sent in order on an executor, only while the
 * client is ready for more. A state that waits is replaced by a newer one of the same status, so
 * a slow client gets the latest progress rather than a backlog, yet never misses a status.
 */
final class JobWatch {
    private final long id;
    private final ServerCallStreamObserver<ExportJob> observer;
    private final Executor executor;
    private final Consumer<JobWatch> onEnd;
    /** Guarded by this: a job to send, or the error that ends the call. */
    private final Deque<Object> pending = new ArrayDeque<>();

    private boolean draining;
    private boolean ended;

    JobWatch(long id, ServerCallStreamObserver<ExportJob> observer, Executor executor, Consumer<JobWatch> onEnd) {
        this.id = id;
        this.observer = observer;
        this.executor = executor;
        this.onEnd = onEnd;
    }

    /** The job as now stored, or null when it was deleted. */
    void changed(ExportJob job) {
        offer(job == null ? ServiceErrors.notFound("export job " + id + " was deleted") : job);
    }

    /**
     * Ends the call with UNAVAILABLE at once, dropping states not sent yet: the server is stopping,
     * the client should watch again.
     */
    void stop() {
        synchronized (this) {
            if (ended) {
                return;
            }
            pending.clear();
            pending.add(JobWatchers.STOPPING.asRuntimeException());
        }
        drainSoon();
    }

    /** Sends what waits, if the client is ready; called again when it becomes ready. */
    void drainSoon() {
        synchronized (this) {
            if (draining || pending.isEmpty()) {
                return;
            }
            draining = true;
        }
        executor.execute(this::drain);
    }

    /** The client went away. */
    void cancelled() {
        synchronized (this) {
            ended = true;
            pending.clear();
        }
        onEnd.accept(this);
    }

    private void offer(Object update) {
        synchronized (this) {
            if (ended || pending.peekLast() instanceof StatusRuntimeException) {
                return;
            }
            if (update instanceof ExportJob job
                    && pending.peekLast() instanceof ExportJob waiting
                    && waiting.getStatus() == job.getStatus()) {
                pending.pollLast();
            }
            pending.addLast(update);
        }
        drainSoon();
    }

    private void drain() {
        while (true) {
            Object next;
            synchronized (this) {
                // An error ends the call and needs no room in the client's window.
                if (ended
                        || pending.isEmpty()
                        || !observer.isReady() && !(pending.peekFirst() instanceof StatusRuntimeException)) {
                    draining = false;
                    return;
                }
                next = pending.pollFirst();
                if (next instanceof StatusRuntimeException || JobCancel.isEnded((ExportJob) next)) {
                    ended = true;
                    pending.clear();
                }
            }
            send(next);
        }
    }

    private void send(Object update) {
        if (update instanceof StatusRuntimeException error) {
            observer.onError(error);
            onEnd.accept(this);
            return;
        }
        ExportJob job = (ExportJob) update;
        observer.onNext(job);
        if (JobCancel.isEnded(job)) {
            observer.onCompleted();
            onEnd.accept(this);
        }
    }
}
