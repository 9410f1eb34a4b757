package io.segexport.server.jobs;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The open WatchExportJob calls, by job. The job store tells it of every write, so a watcher
 * learns of a change as it is made and the store is never polled, however many watch.
 */
public final class JobWatchers implements JobChangeListener, AutoCloseable {
    static final Status STOPPING = Status.UNAVAILABLE.withDescription("the server is stopping; watch again");

    private record JobKey(Tenant tenant, long id) {}

    private final Map<JobKey, Set<JobWatch>> watches = new ConcurrentHashMap<>();
    /** Sending is quick (gRPC queues the message), so one thread serves every watcher. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segexport-job-watchers");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts a watch of a job whose current state is {@code current}; call it under
     * {@link io.segexport.server.jobs.JobStore#readThenListen}, so that no change is missed.
     */
    synchronized void add(Tenant tenant, ExportJob current, ServerCallStreamObserver<ExportJob> observer) {
        if (sender.isShutdown()) {
            observer.onError(STOPPING.asRuntimeException());
            return;
        }
        JobKey key = new JobKey(tenant, current.getId());
        JobWatch watch = new JobWatch(current.getId(), observer, sender, ended -> remove(key, ended));
        observer.setOnCancelHandler(watch::cancelled);
        observer.setOnReadyHandler(watch::drainSoon);
        watches.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(watch);
        watch.changed(current);
    }

    @Override
    public void changed(Tenant tenant, long id, ExportJob job) {
        Set<JobWatch> watching = watches.get(new JobKey(tenant, id));
        if (watching != null) {
            watching.forEach(watch -> watch.changed(job));
        }
    }

    /**
     * Ends every watch with UNAVAILABLE and waits briefly for those errors to be sent, so that the
     * server can stop without waiting for jobs to end.
     */
    @Override
    public synchronized void close() throws InterruptedException {
        List<JobWatch> open = watches.values().stream().flatMap(Set::stream).toList();
        watches.clear();
        open.forEach(JobWatch::stop);
        sender.shutdown();
        sender.awaitTermination(2, TimeUnit.SECONDS);
    }

    private void remove(JobKey key, JobWatch watch) {
        watches.computeIfPresent(key, (k, set) -> {
            set.remove(watch);
            return set.isEmpty() ? null : set;
        });
    }
}
