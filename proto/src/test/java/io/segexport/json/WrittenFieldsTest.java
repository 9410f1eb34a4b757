package io.segexport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import io.segexport.v1.CatalogProto;
import io.segexport.v1.DataAccessProto;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobProto;
import io.segexport.v1.ExportJobServiceProto;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetFileResponse;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.JobMetrics;
import io.segexport.v1.JobProgress;
import io.segexport.v1.JsonProto;
import io.segexport.v1.ListDataSetsResponse;
import io.segexport.v1.ListExportJobsResponse;
import io.segexport.v1.ListMergePoliciesResponse;
import io.segexport.v1.ListSegmentDefinitionsResponse;
import io.segexport.v1.MergePolicyProto;
import io.segexport.v1.ProfileProto;
import io.segexport.v1.SegmentDefinitionProto;
import io.segexport.v1.TimeSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule of segexport/v1/json.proto: which empty fields the REST JSON writes. */
class WrittenFieldsTest {
    @Test
    void anAlwaysWrittenListIsAnEmptyArrayWhenEmpty() {
        assertThat(ProtoJsonWriter.toJson(ListExportJobsResponse.getDefaultInstance()))
                .isEqualTo("{\"records\":[]}");
        assertThat(ProtoJsonWriter.toJson(ListMergePoliciesResponse.getDefaultInstance()))
                .isEqualTo("{\"children\":[]}");
        assertThat(ProtoJsonWriter.toJson(ListSegmentDefinitionsResponse.getDefaultInstance()))
                .isEqualTo("{\"segments\":[]}");
        assertThat(ProtoJsonWriter.toJson(GetFileResponse.getDefaultInstance())).isEqualTo("{\"data\":[]}");
    }

    @Test
    void anAlwaysWrittenMapIsAnEmptyObjectWhenEmpty() {
        assertThat(ProtoJsonWriter.toJson(ListDataSetsResponse.getDefaultInstance()))
                .isEqualTo("{\"dataSets\":{}}");
    }

    @Test
    void anAlwaysWrittenListKeepsItsPlaceInFieldOrder() {
        ListSegmentDefinitionsResponse response = ListSegmentDefinitionsResponse.newBuilder()
                .setPage(io.segexport.v1.SegmentDefinitionPage.newBuilder()
                        .setPageSize(0)
                        .setNext(""))
                .build();

        assertThat(ProtoJsonWriter.toJson(response))
                .isEqualTo("{\"_page\":{\"pageSize\":0,\"next\":\"\"},\"segments\":[]}");
    }

    @Test
    void aWrittenWithMapIsAnEmptyObjectOnceItsFieldIsSet() {
        JobMetrics ended =
                JobMetrics.newBuilder().setTotalExportedProfileCounter(0).build();

        assertThat(ProtoJsonWriter.toJson(ended))
                .isEqualTo("{\"totalExportedProfileCounter\":0,\"exportedProfileByNamespaceCounter\":{}}");
    }

    @Test
    void aWrittenWithMapIsLeftOutWhileItsFieldIsUnset() {
        JobMetrics running = JobMetrics.newBuilder()
                .setTotalTime(TimeSpan.newBuilder().setStartTimeInMs(5))
                .build();

        assertThat(ProtoJsonWriter.toJson(running)).isEqualTo("{\"totalTime\":{\"startTimeInMs\":5}}");
    }

    @Test
    void optionalCountersAreWrittenAtZero() {
        JobProgress progress = JobProgress.newBuilder()
                .setProfilesRead(0)
                .setRowsWritten(0)
                .setProfilesTotal(0)
                .setProfilesEvaluated(0)
                .build();

        assertThat(ProtoJsonWriter.toJson(progress))
                .isEqualTo("{\"profilesRead\":0,\"rowsWritten\":0,\"profilesTotal\":0,\"profilesEvaluated\":0}");
    }

    @Test
    void otherEmptyListsAreLeftOut() {
        ExportJob job = ExportJob.newBuilder()
                .setStatus(ExportJobStatus.SUCCEEDED)
                .setDestination(
                        Destination.newBuilder().setSegmentPerBatch(false).setBatchId("b1"))
                .build();

        assertThat(ProtoJsonWriter.toJson(job))
                .isEqualTo("{\"destination\":{\"segmentPerBatch\":false,\"batchId\":\"b1\"},\"status\":\"SUCCEEDED\"}");
    }

    @Test
    void anIngestResponseListsItsRejectionsEvenWhenThereAreNone() {
        IngestResponse ingest =
                IngestResponse.newBuilder().setAccepted(2).setRejectedTotal(0).build();

        assertThat(ProtoJsonWriter.toJson(ingest)).isEqualTo("{\"accepted\":2,\"rejected\":[],\"rejectedTotal\":0}");
    }

    @Test
    void aMessageOfOneListWithoutTheOptionLeavesItOut() throws Exception {
        Descriptor type = type(repeated("items", FieldOptions.getDefaultInstance()));

        assertThat(ProtoJsonWriter.toJson(DynamicMessage.getDefaultInstance(type)))
                .isEqualTo("{}");
    }

    @Test
    void theOptionOnAScalarIsRefused() throws Exception {
        Descriptor type = type(FieldDescriptorProto.newBuilder()
                .setName("count")
                .setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_INT64)
                .setOptions(FieldOptions.newBuilder().setExtension(JsonProto.alwaysWritten, true))
                .build());

        assertThatIllegalStateException()
                .isThrownBy(() -> ProtoJsonWriter.toJson(DynamicMessage.getDefaultInstance(type)))
                .withMessageContaining("test.Message.count")
                .withMessageContaining("optional");
    }

    @Test
    void writtenWithNamingAFieldWithoutPresenceIsRefused() throws Exception {
        FieldDescriptorProto other = repeated("other", FieldOptions.getDefaultInstance());
        Descriptor type = type(
                other,
                repeated(
                                "items",
                                FieldOptions.newBuilder()
                                        .setExtension(JsonProto.writtenWith, "other")
                                        .build())
                        .toBuilder()
                        .setNumber(2)
                        .build());

        assertThatIllegalStateException()
                .isThrownBy(() -> ProtoJsonWriter.toJson(DynamicMessage.getDefaultInstance(type)))
                .withMessage(
                        "test.Message.items: written_with names \"other\", which is no field with presence of test.Message");
    }

    @Test
    void writtenWithNamingNoFieldIsRefused() throws Exception {
        Descriptor type = type(repeated(
                "items",
                FieldOptions.newBuilder()
                        .setExtension(JsonProto.writtenWith, "nothing")
                        .build()));

        assertThatIllegalStateException()
                .isThrownBy(() -> ProtoJsonWriter.toJson(DynamicMessage.getDefaultInstance(type)))
                .withMessageContaining("written_with names \"nothing\"");
    }

    @Test
    void everyOptionOfTheContractIsWellPlaced() {
        List<FileDescriptor> contract = List.of(
                ExportJobProto.getDescriptor(),
                ExportJobServiceProto.getDescriptor(),
                MergePolicyProto.getDescriptor(),
                SegmentDefinitionProto.getDescriptor(),
                CatalogProto.getDescriptor(),
                DataAccessProto.getDescriptor(),
                ProfileProto.getDescriptor());
        for (FileDescriptor file : contract) {
            for (Descriptor type : file.getMessageTypes()) {
                assertThat(ProtoJsonWriter.toJson(DynamicMessage.getDefaultInstance(type)))
                        .as(type.getFullName())
                        .startsWith("{");
            }
        }
    }

    private static FieldDescriptorProto repeated(String name, FieldOptions options) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(1)
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                .setType(FieldDescriptorProto.Type.TYPE_STRING)
                .setOptions(options)
                .build();
    }

    /** A message type test.Message of these fields, built at run time. */
    private static Descriptor type(FieldDescriptorProto... fields) throws DescriptorValidationException {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("test.proto")
                .setPackage("test")
                .setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("Message").addAllField(List.of(fields)))
                .build();
        return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Message");
    }
}
