package io.segexport.server.engine;

import io.segexport.server.profiles.store.ProfileChunks;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on each chunk of profiles on a few threads of its own and gives their results back in
 * the chunks' order, so that a run can encode (or evaluate) chunks in parallel and still write them
 * in order. Closing it
 * waits for the tasks under way, so that what they read (a snapshot) can be closed after it.
 */
final class OrderedWorkers<T> implements AutoCloseable {
    private final ExecutorService threads;
    private final int maxPending;
    private final Deque<Future<T>> pending = new ArrayDeque<>();

    OrderedWorkers(int threadCount, int maxPending, String name) {
        this.threads = Executors.newFixedThreadPool(threadCount, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        this.maxPending = maxPending;
    }

    /** The work done on one chunk of profiles, on a worker's thread. */
    interface ChunkTask<T> {
        T run(List<byte[]> chunk) throws IOException;
    }

    /** What takes each chunk's result, in order, on the caller's thread; it may stop the run. */
    interface Sink<T> {
        void accept(T result) throws IOException, JobCancelledException, InterruptedException;
    }

    /**
     * Runs {@code task} on every chunk {@code chunks} gives, until an empty one, with at most
     * {@code maxPending} chunks in flight, and gives each result to {@code sink} in the chunks' order.
     */
    void pipe(ProfileChunks chunks, ChunkTask<T> task, Sink<T> sink)
            throws IOException, JobCancelledException, InterruptedException {
        boolean more = true;
        while (more || !pending.isEmpty()) {
            if (more && !full()) {
                List<byte[]> chunk = chunks.next();
                more = !chunk.isEmpty();
                if (more) {
                    submit(() -> task.run(chunk));
                }
                continue;
            }
            sink.accept(take());
        }
    }

    /** True when a result must be taken before the next submit: it bounds the memory results hold. */
    private boolean full() {
        return pending.size() >= maxPending;
    }

    private void submit(Callable<T> task) {
        if (full()) {
            throw new IllegalStateException("take a result first");
        }
        pending.add(threads.submit(task));
    }

    /** The oldest task's result, once it is done; its failure is thrown here. */
    private T take() throws IOException, InterruptedException {
        try {
            return pending.remove().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (threads.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
