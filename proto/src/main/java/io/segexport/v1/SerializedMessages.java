package io.segexport.v1;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A marshaller of messages already serialized, sent and read as they are: for callers that make the
 * wire bytes themselves, such as a load generator that must not spend its time encoding, or a test
 * that sends malformed messages.
 */
public final class SerializedMessages implements MethodDescriptor.Marshaller<byte[]> {
    public static final SerializedMessages MARSHALLER = new SerializedMessages();

    private SerializedMessages() {}

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
