package io.segexport.server.rpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers unary calls: the result, the call's own error, or a logged 500 for a real fault. */
public final class Unary {
    private static final Logger logger = LoggerFactory.getLogger(Unary.class);

    private Unary() {}

    public static <T> void respond(StreamObserver<T> response, Supplier<T> body) {
        T result;
        try {
            result = body.get();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (RuntimeException e) {
            logger.error("Request {} failed", CallContext.requestId(), e);
            response.onError(ServiceErrors.internal());
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
