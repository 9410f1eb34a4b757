package io.segexport.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import io.segexport.v1.CreateDataSetRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import io.segexport.v1.GetEntitiesRequest;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.ReadFileRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets of the JSON codec. Seeds are in {@code src/test/resources/io/segexport/json/ProtoJsonFuzzTestInputs/};
 * a normal build runs only them, {@code JAZZER_FUZZ=1} fuzzes (see scripts/fuzz).
 */
class ProtoJsonFuzzTest {
    /** Every message a REST body or a client's JSON becomes. */
    private static final List<Message> REQUEST_TYPES = List.of(
            ExportJob.getDefaultInstance(),
            DataSet.getDefaultInstance(),
            CreateDataSetRequest.getDefaultInstance(),
            MergePolicy.getDefaultInstance(),
            IngestRequest.getDefaultInstance(),
            GetEntitiesRequest.getDefaultInstance(),
            ListExportJobsRequest.getDefaultInstance(),
            ReadFileRequest.getDefaultInstance(),
            Struct.getDefaultInstance(),
            Value.getDefaultInstance());

    /** Any bytes, read as any request type: a message, or a JsonFieldException / IOException, never anything else. */
    @FuzzTest
    void readsAnyBytesIntoEveryRequestType(FuzzedDataProvider data) {
        Message prototype = REQUEST_TYPES.get(data.consumeInt(0, REQUEST_TYPES.size() - 1));
        byte[] json = data.consumeRemainingAsBytes();
        try {
            Message read = ProtoJsonReader.read(new ByteArrayInputStream(json), prototype);
            assertThat(read.getDescriptorForType()).isEqualTo(prototype.getDescriptorForType());
        } catch (JsonFieldException | IOException e) {
            // The documented refusals: a 400 naming the field.
        }
    }

    /** What the writer writes, the reader reads back equal (the JSON face round-trips every job). */
    @FuzzTest
    void writtenJobsReadBackEqual(@NotNull ExportJob job) throws IOException {
        assertRoundTrip(job);
    }

    @FuzzTest
    void writtenMergePoliciesReadBackEqual(@NotNull MergePolicy policy) throws IOException {
        assertRoundTrip(policy);
    }

    /** Records are Structs: JSON text in, JSON text out, equal as trees. */
    @FuzzTest
    void readRecordsWriteBackEqual(FuzzedDataProvider data) throws IOException {
        String json = data.consumeRemainingAsString();
        IngestRequest request;
        try {
            request = ProtoJsonReader.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    IngestRequest.getDefaultInstance());
        } catch (JsonFieldException | IOException e) {
            return;
        }
        assertRoundTrip(request);
    }

    private static void assertRoundTrip(Message message) throws IOException {
        Message expected = jsonDomain(message);
        String json = ProtoJsonWriter.toJson(message);
        Message read;
        try {
            read = ProtoJsonReader.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    message.getDefaultInstanceForType());
        } catch (JsonFieldException e) {
            throw new AssertionError("the writer wrote what the reader refuses: " + e.getMessage() + " in " + json, e);
        }
        assertThat(read).as("read back from %s", json).isEqualTo(expected);
    }

    /**
     * The message as JSON can carry it: a lone surrogate becomes '?' as in protobuf's own UTF-8, a
     * Struct number that JSON has no number for (NaN, infinities) is written as its name, a string,
     * and unknown fields are left out (a stored input may set a number the contract now reserves).
     */
    private static Message jsonDomain(Message message) {
        Message.Builder builder = message.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance());
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            if (descriptor.isRepeated()) {
                builder.clearField(descriptor);
                for (Object element : (List<?>) field.getValue()) {
                    builder.addRepeatedField(descriptor, jsonDomain(descriptor, element));
                }
            } else {
                builder.setField(descriptor, jsonDomain(descriptor, field.getValue()));
            }
        }
        return builder.build();
    }

    private static Object jsonDomain(FieldDescriptor descriptor, Object value) {
        if (value instanceof String text) {
            return wellFormed(text);
        }
        if (value instanceof Value number && number.hasNumberValue() && !Double.isFinite(number.getNumberValue())) {
            double n = number.getNumberValue();
            return Value.newBuilder()
                    .setStringValue(Double.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity")
                    .build();
        }
        if (value instanceof Message nested) {
            return jsonDomain(nested);
        }
        return value;
    }

    private static String wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
