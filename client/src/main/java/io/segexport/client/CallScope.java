package io.segexport.client;

import io.grpc.Context;

/**
 * A scope whose gRPC calls are cancelled when it closes: a reader that stops early (an exception
 * while writing a file, a callback that throws) must not leave a stream open on the server.
 */
final class CallScope implements AutoCloseable {
    private final Context.CancellableContext context;
    private final Context previous;

    private CallScope(Context.CancellableContext context) {
        this.context = context;
        this.previous = context.attach();
    }

    /** Opens a scope on the current thread; calls started on it until {@link #close()} belong to it. */
    static CallScope open() {
        return new CallScope(Context.current().withCancellation());
    }

    /** Cancels the scope's calls that are still open (none, when they were read to the end). */
    @Override
    public void close() {
        context.detach(previous);
        context.cancel(null);
    }
}
