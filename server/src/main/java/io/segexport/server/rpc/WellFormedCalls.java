package io.segexport.server.rpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a call that the service cannot take a client error: bytes that are no valid request message
 * (truncated, invalid UTF-8, nested too deep), a second request message on a call that takes one, or
 * none at all. Left to grpc-java these end {@code UNKNOWN} ("Application error processing RPC") or
 * {@code INTERNAL}, as if the server were at fault; here they end {@code INVALID_ARGUMENT} with the
 * usual error details, and the service never sees them.
 */
public final class WellFormedCalls {
    private WellFormedCalls() {}

    /** The error of a message of {@code method} whose bytes are no valid request message. */
    public static StatusRuntimeException invalidMessage(String method) {
        return ServiceErrors.invalidArgument(
                "request",
                "is not a valid " + method + " request message (malformed "
                        + "protobuf, invalid UTF-8 in a string, or nested too deep)");
    }

    public static ServerServiceDefinition of(ServerServiceDefinition definition) {
        ServiceDescriptor generated = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(generated.getName()).setSchemaDescriptor(generated.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
            ServerMethodDefinition<?, ?> checked = checked(method);
            descriptor.addMethod(checked.getMethodDescriptor());
            methods.add(checked);
        }
        ServerServiceDefinition.Builder checked = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(checked::addMethod);
        return checked.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> checked(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> generated = method.getMethodDescriptor();
        MethodDescriptor<Q, R> lenient = generated.toBuilder()
                .setRequestMarshaller(
                        new Lenient<>((MethodDescriptor.PrototypeMarshaller<Q>) generated.getRequestMarshaller()))
                .build();
        ServerCallHandler<Q, R> handler = method.getServerCallHandler();
        boolean oneRequest = generated.getType().clientSendsOneMessage();
        return ServerMethodDefinition.create(lenient, (call, headers) -> {
            Guard<Q, R> guard = new Guard<>(call, oneRequest, generated.getFullMethodName());
            guard.inner = handler.startCall(guard.call, headers);
            return guard;
        });
    }

    /**
     * Parses as the generated marshaller does, but answers null for bytes that are no valid message.
     * It keeps the prototype, which Armeria's transcoder needs to read a JSON body into the request.
     */
    private record Lenient<Q>(MethodDescriptor.PrototypeMarshaller<Q> generated)
            implements MethodDescriptor.PrototypeMarshaller<Q> {
        @Override
        public Q getMessagePrototype() {
            return generated.getMessagePrototype();
        }

        @Override
        public Class<Q> getMessageClass() {
            return generated.getMessageClass();
        }

        @Override
        public InputStream stream(Q value) {
            return generated.stream(value);
        }

        @Override
        public Q parse(InputStream stream) {
            try {
                return generated.parse(stream);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Passes a well-formed call on to the service; ends any other with INVALID_ARGUMENT. */
    private static final class Guard<Q, R> extends ServerCall.Listener<Q> {
        private final boolean oneRequest;
        private final String method;
        private final ServerCall<Q, R> call;
        private ServerCall.Listener<Q> inner;
        private boolean closed;
        private int messages;

        Guard(ServerCall<Q, R> call, boolean oneRequest, String method) {
            this.oneRequest = oneRequest;
            this.method = method;
            this.call = new SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    synchronized (Guard.this) {
                        if (closed) {
                            return;
                        }
                        closed = true;
                    }
                    super.close(status, trailers);
                }
            };
        }

        private void refuse(String problem) {
            refuse(ServiceErrors.invalidArgument("request", problem));
        }

        private void refuse(StatusRuntimeException error) {
            call.close(error.getStatus(), error.getTrailers() != null ? error.getTrailers() : new Metadata());
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void onMessage(Q message) {
            if (isClosed()) {
                return;
            }
            if (message == null) {
                refuse(invalidMessage(method));
                return;
            }
            if (oneRequest && ++messages > 1) {
                refuse("holds more than one message; " + method + " takes exactly one");
                return;
            }
            inner.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (isClosed()) {
                return;
            }
            if (oneRequest && messages == 0) {
                refuse("ended without its message; " + method + " takes exactly one");
                return;
            }
            inner.onHalfClose();
        }

        @Override
        public void onCancel() {
            inner.onCancel();
        }

        @Override
        public void onComplete() {
            inner.onComplete();
        }

        @Override
        public void onReady() {
            if (!isClosed()) {
                inner.onReady();
            }
        }
    }
}
