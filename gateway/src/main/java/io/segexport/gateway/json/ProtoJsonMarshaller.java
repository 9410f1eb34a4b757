package io.segexport.gateway.json;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.Status;
import io.segexport.json.JsonFieldException;
import io.segexport.json.ProtoJsonReader;
import io.segexport.json.ProtoJsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Armeria's JSON marshaller for transcoded calls, writing 64-bit integers as JSON numbers and reading
 * bodies no deeper than the {@code json-depth} limit.
 */
public final class ProtoJsonMarshaller implements GrpcJsonMarshaller {
    private final int maxDepth;

    /** A marshaller reading bodies nested at most {@link ProtoJsonReader#DEFAULT_MAX_DEPTH} levels deep. */
    public ProtoJsonMarshaller() {
        this(ProtoJsonReader.DEFAULT_MAX_DEPTH);
    }

    /** A marshaller reading bodies nested at most {@code maxDepth} levels deep. */
    public ProtoJsonMarshaller(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    @Override
    public <T> void serializeMessage(Marshaller<T> marshaller, T message, OutputStream os) throws IOException {
        ProtoJsonWriter.write((Message) message, os);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T deserializeMessage(Marshaller<T> marshaller, InputStream is) throws IOException {
        Message prototype = (Message) ((PrototypeMarshaller<T>) marshaller).getMessagePrototype();
        try {
            return (T) ProtoJsonReader.read(is, prototype, maxDepth);
        } catch (JsonFieldException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
    }
}
