package io.segexport.server.rpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.segexport.server.store.DiskFull;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers calls: the result, the call's own error, a full disk's 507, or a logged 500 for a real fault. */
public final class Unary {
    private static final Logger logger = LoggerFactory.getLogger(Unary.class);

    private Unary() {}

    public static <T> void respond(StreamObserver<T> response, Supplier<T> body) {
        T result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            response.onError(asStatus(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    /**
     * The call's own error as it is; a full disk as such, which the caller waits out; for a real
     * fault, a logged INTERNAL error that tells the caller nothing more.
     */
    public static StatusRuntimeException asStatus(RuntimeException e) {
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        if (DiskFull.causedBy(e)) {
            logger.warn("Request {} wrote nothing: {}", CallContext.requestId(), DiskFull.MESSAGE);
            return ServiceErrors.diskFull();
        }
        logger.error("Request {} failed", CallContext.requestId(), e);
        return ServiceErrors.internal();
    }
}
