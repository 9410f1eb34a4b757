package io.segexport.server.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.segexport.v1.RequestIds;

/**
 * Gives each call its request id (the caller's {@code x-request-id}, or a new one) and a set of
 * response headers the service may add to; both go back to the caller, on errors too.
 */
public final class RequestContextInterceptor implements ServerInterceptor {
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String requestId = RequestIds.acceptOrGenerate(headers.get(REQUEST_ID));
        Metadata responseHeaders = new Metadata();
        responseHeaders.put(REQUEST_ID, requestId);
        Context context = Context.current()
                .withValue(CallContext.REQUEST_ID, requestId)
                .withValue(CallContext.RESPONSE_HEADERS, responseHeaders);
        ServerCall<Q, R> withHeaders = new SimpleForwardingServerCall<>(call) {
            private boolean headersSent;

            @Override
            public void sendHeaders(Metadata headers) {
                headers.merge(responseHeaders);
                headersSent = true;
                super.sendHeaders(headers);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (!headersSent) {
                    trailers.merge(responseHeaders);
                }
                super.close(status, trailers);
            }
        };
        return Contexts.interceptCall(context, withHeaders, headers, next);
    }
}
