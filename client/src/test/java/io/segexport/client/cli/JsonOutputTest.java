package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    private final StringWriter out = new StringWriter();

    @Test
    void int64FieldsStayJsonNumbers() {
        JsonOutput.print(
                new PrintWriter(out),
                ExportJob.newBuilder()
                        .setId(100)
                        .setCreationTime(1538615973895L)
                        .setStatus(ExportJobStatus.NEW)
                        .build());
        assertThat(out.toString()).isEqualTo("{\"id\":100,\"status\":\"NEW\",\"creationTime\":1538615973895}\n");
    }

    @Test
    void anArrayIsOneDocumentEvenWhenEmpty() {
        JsonOutput.printArray(
                new PrintWriter(out),
                List.of(
                                ExportJob.newBuilder().setId(1).build(),
                                ExportJob.newBuilder().setId(2).build())
                        .iterator());
        JsonOutput.printArray(new PrintWriter(out), List.<ExportJob>of().iterator());
        assertThat(out.toString()).isEqualTo("[{\"id\":1},{\"id\":2}]\n[]\n");
    }
}
