package io.segexport.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.Distribution;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.v1.AdditionalFields;
import io.segexport.v1.CancelExportJobResponse;
import io.segexport.v1.ComputeGatewayJobId;
import io.segexport.v1.Destination;
import io.segexport.v1.EvaluationInfo;
import io.segexport.v1.EventFilter;
import io.segexport.v1.EventList;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobError;
import io.segexport.v1.JobMetrics;
import io.segexport.v1.JobType;
import io.segexport.v1.Link;
import io.segexport.v1.ListExportJobsResponse;
import io.segexport.v1.MergePolicyRef;
import io.segexport.v1.Page;
import io.segexport.v1.Schema;
import io.segexport.v1.SegmentBatch;
import io.segexport.v1.SegmentFilter;
import io.segexport.v1.SegmentQualificationTime;
import io.segexport.v1.TimeSpan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtoJsonWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode tree(String json) throws IOException {
        return MAPPER.readTree(json);
    }

    private static <T extends Message> T readBack(String json, T prototype) throws IOException {
        return ProtoJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), prototype);
    }

    // --- 64-bit integers are JSON numbers ---

    @Test
    void writesTopLevelInt64AsJsonNumber() {
        ExportJob job = ExportJob.newBuilder().setId(100).build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"id\":100}");
    }

    @Test
    void writesLongMaxValueExactlyAsJsonNumber() throws IOException {
        ExportJob job = ExportJob.newBuilder().setId(Long.MAX_VALUE).build();

        String json = ProtoJsonWriter.toJson(job);

        assertThat(json).isEqualTo("{\"id\":9223372036854775807}");
        JsonNode id = tree(json).get("id");
        assertThat(id.isIntegralNumber()).isTrue();
        assertThat(id.longValue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void writesLongMinValueExactlyAsJsonNumber() {
        ExportJob job = ExportJob.newBuilder().setCreationTime(Long.MIN_VALUE).build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"creationTime\":-9223372036854775808}");
    }

    @Test
    void writesNestedInt64AsJsonNumber() {
        ExportJob job = ExportJob.newBuilder()
                .setMetrics(JobMetrics.newBuilder()
                        .setTotalTime(TimeSpan.newBuilder()
                                .setStartTimeInMs(1_700_000_000_000L)
                                .setTotalTimeInMs(1234)))
                .build();

        assertThat(ProtoJsonWriter.toJson(job))
                .isEqualTo("{\"metrics\":{\"totalTime\":{\"startTimeInMs\":1700000000000,\"totalTimeInMs\":1234}}}");
    }

    @Test
    void writesRepeatedInt64AsJsonNumbers() {
        // No segexport message has a repeated scalar int64; google.api.Distribution.bucket_counts is one.
        Distribution distribution = Distribution.newBuilder()
                .addBucketCounts(0)
                .addBucketCounts(7)
                .addBucketCounts(Long.MAX_VALUE)
                .build();

        assertThat(ProtoJsonWriter.toJson(distribution)).isEqualTo("{\"bucketCounts\":[0,7,9223372036854775807]}");
    }

    @Test
    void writesInt64OfRepeatedMessagesAsJsonNumbers() {
        ListExportJobsResponse response = ListExportJobsResponse.newBuilder()
                .addRecords(ExportJob.newBuilder().setId(2).setCreationTime(1_700_000_000_002L))
                .addRecords(ExportJob.newBuilder().setId(1).setCreationTime(1_700_000_000_001L))
                .build();

        assertThat(ProtoJsonWriter.toJson(response))
                .isEqualTo("{\"records\":["
                        + "{\"id\":2,\"creationTime\":1700000000002},"
                        + "{\"id\":1,\"creationTime\":1700000000001}]}");
    }

    @Test
    void writesMapInt64ValuesAsJsonNumbers() throws IOException {
        JobMetrics metrics = JobMetrics.newBuilder()
                .putExportedProfileByNamespaceCounter("ECID", 5)
                .putExportedProfileByNamespaceCounter("email", Long.MAX_VALUE)
                .build();

        String json = ProtoJsonWriter.toJson(metrics);

        assertThat(json).contains("\"ECID\":5").contains("\"email\":9223372036854775807");
        JsonNode counters = tree(json).get("exportedProfileByNamespaceCounter");
        assertThat(counters.get("ECID").isIntegralNumber()).isTrue();
        assertThat(counters.get("email").longValue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void writesMapEntryWithZeroValue() {
        JobMetrics metrics = JobMetrics.newBuilder()
                .putExportedProfileByNamespaceCounter("ECID", 0)
                .build();

        assertThat(ProtoJsonWriter.toJson(metrics)).isEqualTo("{\"exportedProfileByNamespaceCounter\":{\"ECID\":0}}");
    }

    // --- names and enums ---

    @Test
    void writesFieldsByCamelCaseJsonName() throws IOException {
        ExportJob job = ExportJob.newBuilder()
                .setImsOrgId("ORG@AdobeOrg")
                .setDestination(Destination.newBuilder().setDatasetId("ds1"))
                .setMetrics(JobMetrics.newBuilder()
                        .setTotalTime(TimeSpan.newBuilder().setTotalTimeInMs(42)))
                .build();

        String json = ProtoJsonWriter.toJson(job);

        assertThat(tree(json))
                .isEqualTo(tree("{\"destination\":{\"datasetId\":\"ds1\"},"
                        + "\"imsOrgId\":\"ORG@AdobeOrg\",\"metrics\":{\"totalTime\":{\"totalTimeInMs\":42}}}"));
        assertThat(json).doesNotContain("ims_org_id", "dataset_id", "total_time_in_ms");
    }

    @Test
    void writesEnumsByName() {
        ExportJob job = ExportJob.newBuilder()
                .setJobType(JobType.BATCH)
                .setStatus(ExportJobStatus.NEW)
                .build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"jobType\":\"BATCH\",\"status\":\"NEW\"}");
    }

    @Test
    void writesUnknownEnumNumberAsJsonNumber() {
        ExportJob job = ExportJob.newBuilder().setStatusValue(99).build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"status\":99}");
    }

    // --- presence ---

    @Test
    void omitsDefaultValuedFieldsWithoutPresence() {
        ExportJob job = ExportJob.newBuilder()
                .setId(0)
                .setFields("")
                .setStatus(ExportJobStatus.EXPORT_JOB_STATUS_UNSPECIFIED)
                .setJobType(JobType.JOB_TYPE_UNSPECIFIED)
                .setCreationTime(0)
                .build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{}");
    }

    @Test
    void omitsDefaultValuedScalarsInsideNestedMessages() {
        ExportJob job = ExportJob.newBuilder()
                .setMergePolicy(MergePolicyRef.newBuilder().setId("").setVersion(0))
                .build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"mergePolicy\":{}}");
    }

    @Test
    void omitsFalseAndEmptyStringWithoutPresence() {
        CancelExportJobResponse response = CancelExportJobResponse.newBuilder()
                .setStatus(false)
                .setMessage("")
                .build();

        assertThat(ProtoJsonWriter.toJson(response)).isEqualTo("{}");
    }

    @Test
    void omitsUnsetOptionalFields() {
        Destination destination = Destination.newBuilder().setDatasetId("ds1").build();

        assertThat(ProtoJsonWriter.toJson(destination)).isEqualTo("{\"datasetId\":\"ds1\"}");
    }

    @Test
    void writesOptionalBoolSetToFalse() {
        ExportJob job = ExportJob.newBuilder()
                .setDestination(Destination.newBuilder().setSegmentPerBatch(false))
                .build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"destination\":{\"segmentPerBatch\":false}}");
    }

    @Test
    void writesOptionalStringSetToEmpty() {
        ExportJob job = ExportJob.newBuilder()
                .setComputeGatewayJobId(ComputeGatewayJobId.newBuilder().setExportJob(""))
                .build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"computeGatewayJobId\":{\"exportJob\":\"\"}}");
    }

    @Test
    void writesOptionalLinkNextSetToEmpty() {
        ListExportJobsResponse response = ListExportJobsResponse.newBuilder()
                .setLink(Link.newBuilder().setNext(""))
                .build();

        assertThat(ProtoJsonWriter.toJson(response)).isEqualTo("{\"records\":[],\"link\":{\"next\":\"\"}}");
    }

    @Test
    void writesOptionalPageSizeSetToZero() {
        ListExportJobsResponse response = ListExportJobsResponse.newBuilder()
                .setPage(Page.newBuilder().setPageSize(0))
                .build();

        assertThat(ProtoJsonWriter.toJson(response)).isEqualTo("{\"records\":[],\"page\":{\"pageSize\":0}}");
    }

    @Test
    void writesEmptyListingWithEveryOptionalPageField() {
        ListExportJobsResponse response = ListExportJobsResponse.newBuilder()
                .setPage(Page.newBuilder()
                        .setSortField("createdTime")
                        .setSort("desc")
                        .setPageOffset("")
                        .setPageSize(0))
                .setLink(Link.newBuilder().setNext(""))
                .build();

        assertThat(ProtoJsonWriter.toJson(response))
                .isEqualTo("{\"records\":[],\"page\":{\"sortField\":\"createdTime\","
                        + "\"sort\":\"desc\",\"pageOffset\":\"\",\"pageSize\":0},\"link\":{\"next\":\"\"}}");
    }

    @Test
    void writesSetButEmptyMessageAsEmptyObject() {
        ExportJob job = ExportJob.newBuilder()
                .setFilter(ExportFilter.getDefaultInstance())
                .build();

        assertThat(ProtoJsonWriter.toJson(job)).isEqualTo("{\"filter\":{}}");
    }

    @Test
    void writesDefaultInstanceAsEmptyObject() {
        assertThat(ProtoJsonWriter.toJson(ExportJob.getDefaultInstance())).isEqualTo("{}");
    }

    // --- strings and streams ---

    @Test
    void escapesStringsAndKeepsNonAsciiText() throws IOException {
        JobError error = JobError.newBuilder()
                .setMsg("quote \" backslash \\ newline \n é 😀")
                .build();

        String json = ProtoJsonWriter.toJson(error);

        assertThat(tree(json).get("msg").textValue()).isEqualTo("quote \" backslash \\ newline \n é 😀");
    }

    @Test
    void writeToStreamProducesUtf8SameAsToJson() throws IOException {
        JobError error =
                JobError.newBuilder().setCode("0100000003").setMsg("café").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ProtoJsonWriter.write(error, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProtoJsonWriter.toJson(error));
    }

    // --- round trips ---

    @Test
    void roundTripsFullExportJob() throws IOException {
        ExportJob job = fullExportJob();

        ExportJob back = readBack(ProtoJsonWriter.toJson(job), ExportJob.getDefaultInstance());

        assertThat(back).isEqualTo(job);
    }

    @Test
    void roundTripsOptionalFieldsSetToDefault() throws IOException {
        ExportJob job = ExportJob.newBuilder()
                .setDestination(Destination.newBuilder().setSegmentPerBatch(false))
                .setFilter(ExportFilter.newBuilder().setEmptyProfiles(false))
                .setEvaluationInfo(EvaluationInfo.newBuilder().setSegmentation(false))
                .setComputeGatewayJobId(ComputeGatewayJobId.newBuilder().setExportJob(""))
                .build();

        ExportJob back = readBack(ProtoJsonWriter.toJson(job), ExportJob.getDefaultInstance());

        assertThat(back).isEqualTo(job);
        assertThat(back.getDestination().hasSegmentPerBatch()).isTrue();
        assertThat(back.getComputeGatewayJobId().hasExportJob()).isTrue();
    }

    @Test
    void roundTripsListExportJobsResponse() throws IOException {
        ListExportJobsResponse response = ListExportJobsResponse.newBuilder()
                .addRecords(fullExportJob())
                .addRecords(ExportJob.newBuilder().setId(1).setStatus(ExportJobStatus.CANCELLED))
                .setPage(Page.newBuilder()
                        .setSortField("createdTime")
                        .setSort("desc")
                        .setPageOffset("1700000000001_1")
                        .setPageSize(2))
                .setLink(Link.newBuilder().setNext("/export/jobs/?limit=2&offset=1700000000001_1"))
                .build();

        ListExportJobsResponse back =
                readBack(ProtoJsonWriter.toJson(response), ListExportJobsResponse.getDefaultInstance());

        assertThat(back).isEqualTo(response);
    }

    // --- google.protobuf.Struct / Value ---

    @Test
    void writesWholeStructNumbersWithoutFraction() {
        Struct struct = Struct.newBuilder()
                .putFields("count", Value.newBuilder().setNumberValue(3).build())
                .putFields("negative", Value.newBuilder().setNumberValue(-12).build())
                .putFields("zero", Value.newBuilder().setNumberValue(0).build())
                .build();

        String json = ProtoJsonWriter.toJson(struct);

        assertThat(json)
                .contains("\"count\":3", "\"negative\":-12", "\"zero\":0")
                .doesNotContain(".0");
    }

    @Test
    void writesFractionalStructNumbersAsDecimals() {
        Struct struct = Struct.newBuilder()
                .putFields("ratio", Value.newBuilder().setNumberValue(0.5).build())
                .build();

        assertThat(ProtoJsonWriter.toJson(struct)).isEqualTo("{\"ratio\":0.5}");
    }

    @Test
    void roundTripsStructWithEveryValueKind() throws IOException {
        Struct nested = Struct.newBuilder()
                .putFields("ok", Value.newBuilder().setBoolValue(true).build())
                .build();
        Struct struct = Struct.newBuilder()
                .putFields("count", Value.newBuilder().setNumberValue(3).build())
                .putFields("ratio", Value.newBuilder().setNumberValue(2.75).build())
                .putFields(
                        "big",
                        Value.newBuilder()
                                .setNumberValue(9_007_199_254_740_991d)
                                .build())
                .putFields("name", Value.newBuilder().setStringValue("ECID").build())
                .putFields("flag", Value.newBuilder().setBoolValue(false).build())
                .putFields(
                        "nothing",
                        Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("nested", Value.newBuilder().setStructValue(nested).build())
                .putFields(
                        "list",
                        Value.newBuilder()
                                .setListValue(ListValue.newBuilder()
                                        .addValues(Value.newBuilder().setNumberValue(1))
                                        .addValues(Value.newBuilder().setStringValue("two"))
                                        .addValues(Value.newBuilder().setListValue(ListValue.getDefaultInstance())))
                                .build())
                .build();

        String json = ProtoJsonWriter.toJson(struct);
        Struct back = readBack(json, Struct.getDefaultInstance());

        assertThat(back).isEqualTo(struct);
        assertThat(json)
                .contains(
                        "\"count\":3",
                        "\"big\":9007199254740991",
                        "\"list\":[1,\"two\",[]]",
                        "\"nothing\":null",
                        "\"nested\":{\"ok\":true}");
    }

    @Test
    void roundTripsStandaloneValue() throws IOException {
        Value value = Value.newBuilder().setNumberValue(42).build();

        String json = ProtoJsonWriter.toJson(value);

        assertThat(json).isEqualTo("42");
        assertThat(readBack(json, Value.getDefaultInstance())).isEqualTo(value);
    }

    static ExportJob fullExportJob() {
        return ExportJob.newBuilder()
                .setId(Long.MAX_VALUE)
                .setJobType(JobType.BATCH)
                .setDestination(Destination.newBuilder()
                        .setDatasetId("5b020a27e7040801dedbf46e")
                        .setSegmentPerBatch(true)
                        .setBatchId("")
                        .addBatches(SegmentBatch.newBuilder()
                                .setSegmentId("seg-1")
                                .setSegmentNs("ups")
                                .addStatus("realized")
                                .addStatus("existing")
                                .setBatchId("batch-1"))
                        .addBatches(SegmentBatch.newBuilder()
                                .setSegmentId("seg-2")
                                .setSegmentNs("aam")
                                .addStatus("exited")
                                .setBatchId("batch-2")))
                .setFields("identities.id,personalEmail.address")
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .setImsOrgId("1BD6382559DF0C130A49422D@AdobeOrg")
                .setStatus(ExportJobStatus.SUCCEEDED)
                .setFilter(ExportFilter.newBuilder()
                        .addSegments(SegmentFilter.newBuilder()
                                .setSegmentId("seg-1")
                                .setSegmentNs("ups")
                                .addStatus("realized")
                                .addStatus("existing"))
                        .addSegments(SegmentFilter.newBuilder()
                                .setSegmentId("seg-2")
                                .setSegmentNs("aam")
                                .addStatus("exited"))
                        .setSegmentQualificationTime(SegmentQualificationTime.newBuilder()
                                .setStartTime("2018-01-01T00:00:00Z")
                                .setEndTime("2019-01-01T00:00:00Z"))
                        .setFromIngestTimestamp("2018-10-25T13:22:04-07:00")
                        .setEmptyProfiles(false))
                .setAdditionalFields(AdditionalFields.newBuilder()
                        .setEventList(EventList.newBuilder()
                                .setFields("environment.browserDetails.name,environment.browserDetails.version")
                                .setFilter(EventFilter.newBuilder()
                                        .setFromIngestTimestamp("2018-10-25T13:22:04-07:00")
                                        .setToIngestTimestamp("2018-10-26T13:22:04-07:00"))))
                .setMergePolicy(MergePolicyRef.newBuilder()
                        .setId("timestampOrdered-none-mp")
                        .setVersion(1))
                .setProfileInstanceId("ups")
                .addErrors(JobError.newBuilder()
                        .setCode("0100000003")
                        .setMsg("Error \"quoted\" é")
                        .setCallStack("com.example.Worker.run(Worker.java:42)"))
                .setMetrics(JobMetrics.newBuilder()
                        .setTotalTime(TimeSpan.newBuilder()
                                .setStartTimeInMs(1_538_615_973_895L)
                                .setEndTimeInMs(1_538_616_233_239L)
                                .setTotalTimeInMs(259_344))
                        .setProfileExportTime(TimeSpan.newBuilder()
                                .setStartTimeInMs(1_538_616_067_236L)
                                .setEndTimeInMs(1_538_616_232_913L)
                                .setTotalTimeInMs(165_677))
                        .setTotalExportedProfileCounter(20)
                        .putExportedProfileByNamespaceCounter("ECID", 15)
                        .putExportedProfileByNamespaceCounter("email", Long.MAX_VALUE))
                .setComputeGatewayJobId(
                        ComputeGatewayJobId.newBuilder().setExportJob("f3058161-7349-4ca9-807d-212cee2c2e94"))
                .setCreationTime(1_538_615_973_895L)
                .setUpdateTime(1_538_616_233_239L)
                .setRequestId("req-1")
                .setEvaluationInfo(EvaluationInfo.newBuilder().setSegmentation(true))
                .build();
    }
}
