package io.segexport.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtoJsonMarshallerTest {
    private final ProtoJsonMarshaller json = new ProtoJsonMarshaller();
    private final Marshaller<ExportJob> marshaller = ProtoUtils.marshaller(ExportJob.getDefaultInstance());

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deserializesValidJsonIntoThePrototypesType() throws IOException {
        ExportJob job = json.deserializeMessage(marshaller, body("{\"id\":\"12\",\"status\":\"NEW\"}"));

        assertThat(job)
                .isEqualTo(ExportJob.newBuilder()
                        .setId(12)
                        .setStatus(ExportJobStatus.NEW)
                        .build());
    }

    @Test
    void deserializingFieldOfWrongTypeIsInvalidArgumentNamingTheField() {
        assertThatExceptionOfType(StatusRuntimeException.class)
                .isThrownBy(() -> json.deserializeMessage(marshaller, body("{\"destination\":\"ds1\"}")))
                .satisfies(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("destination must be a JSON object");
                });
    }

    @Test
    void deserializingMalformedJsonIsInvalidArgument() {
        assertThatExceptionOfType(StatusRuntimeException.class)
                .isThrownBy(() -> json.deserializeMessage(marshaller, body("{\"id\":")))
                .satisfies(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("the body is not valid JSON");
                });
    }

    @Test
    void deserializingEmptyBodyIsInvalidArgument() {
        assertThatExceptionOfType(StatusRuntimeException.class)
                .isThrownBy(() -> json.deserializeMessage(marshaller, body("")))
                .satisfies(e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void serializesInt64AsJsonNumber() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        json.serializeMessage(
                marshaller, ExportJob.newBuilder().setId(Long.MAX_VALUE).build(), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":9223372036854775807}");
    }
}
