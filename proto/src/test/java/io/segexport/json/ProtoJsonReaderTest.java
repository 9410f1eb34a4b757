package io.segexport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobType;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.SegmentFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class ProtoJsonReaderTest {

    private static ExportJob job(String json) throws IOException {
        return read(json, ExportJob.getDefaultInstance());
    }

    private static <T extends Message> T read(String json, T prototype) throws IOException {
        return ProtoJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), prototype);
    }

    /** Asserts that reading {@code json} as an ExportJob fails on {@code field}, and returns the message for more checks. */
    private static ThrowableAssertAlternative<JsonFieldException> rejects(String json, String field) {
        return assertThatExceptionOfType(JsonFieldException.class)
                .isThrownBy(() -> job(json))
                .satisfies(e -> assertThat(e.field()).isEqualTo(field));
    }

    // --- names ---

    @Test
    void acceptsJsonName() throws IOException {
        assertThat(job("{\"destination\":{\"datasetId\":\"ds1\"}}")
                        .getDestination()
                        .getDatasetId())
                .isEqualTo("ds1");
    }

    @Test
    void acceptsProtoName() throws IOException {
        assertThat(job("{\"destination\":{\"dataset_id\":\"ds1\"}}")
                        .getDestination()
                        .getDatasetId())
                .isEqualTo("ds1");
    }

    @Test
    void acceptsProtoNameOfCamelCaseFields() throws IOException {
        ExportJob job = job("{\"ims_org_id\":\"ORG\",\"metrics\":{\"total_time\":{\"total_time_in_ms\":5}}}");

        assertThat(job.getImsOrgId()).isEqualTo("ORG");
        assertThat(job.getMetrics().getTotalTime().getTotalTimeInMs()).isEqualTo(5);
    }

    @Test
    void readsTheAliasDataSetIdAsDatasetId() throws IOException {
        assertThat(job("{\"destination\":{\"dataSetId\":\"ds1\"}}")
                        .getDestination()
                        .getDatasetId())
                .isEqualTo("ds1");
    }

    @Test
    void acceptsDataSetIdAndDatasetIdWithOneValue() throws IOException {
        Destination destination = job("{\"destination\":{\"datasetId\":\"ds1\",\"dataSetId\":\"ds1\"}}")
                .getDestination();

        assertThat(destination.getDatasetId()).isEqualTo("ds1");
    }

    @Test
    void refusesDataSetIdThatDiffersFromDatasetIdInEitherOrder() {
        rejects("{\"destination\":{\"datasetId\":\"ds1\",\"dataSetId\":\"ds2\"}}", "destination.dataSetId")
                .withMessage(
                        "destination.dataSetId differs from destination.datasetId, another spelling of the same field; give it once");
        rejects("{\"destination\":{\"dataSetId\":\"ds2\",\"datasetId\":\"ds1\"}}", "destination.dataSetId");
    }

    @Test
    void refusesAProtoNameThatDiffersFromTheJsonName() {
        rejects("{\"destination\":{\"datasetId\":\"ds1\",\"dataset_id\":\"ds2\"}}", "destination.dataset_id");
    }

    @Test
    void namesTheAliasAsGivenInItsErrors() {
        rejects("{\"destination\":{\"dataSetId\":5}}", "destination.dataSetId")
                .withMessageEndingWith("must be a string");
    }

    // --- 64-bit integers ---

    @Test
    void readsInt64FromJsonNumber() throws IOException {
        assertThat(job("{\"id\":9223372036854775807}").getId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void readsInt64FromJsonString() throws IOException {
        assertThat(job("{\"id\":\"9223372036854775807\"}").getId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void readsNegativeInt64Extremes() throws IOException {
        assertThat(job("{\"creationTime\":-9223372036854775808}").getCreationTime())
                .isEqualTo(Long.MIN_VALUE);
        assertThat(job("{\"creationTime\":\"-9223372036854775808\"}").getCreationTime())
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void readsNestedInt64() throws IOException {
        ExportJob job =
                job("{\"metrics\":{\"totalTime\":{\"startTimeInMs\":1538615973895,\"totalTimeInMs\":\"259344\"}}}");

        assertThat(job.getMetrics().getTotalTime().getStartTimeInMs()).isEqualTo(1_538_615_973_895L);
        assertThat(job.getMetrics().getTotalTime().getTotalTimeInMs()).isEqualTo(259_344L);
    }

    @Test
    void readsMapInt64ValuesFromNumbersAndStrings() throws IOException {
        ExportJob job = job("{\"metrics\":{\"exportedProfileByNamespaceCounter\":"
                + "{\"ECID\":15,\"email\":\"9223372036854775807\"}}}");

        assertThat(job.getMetrics().getExportedProfileByNamespaceCounterMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ECID", 15L, "email", Long.MAX_VALUE));
    }

    @Test
    void rejectsInt64AboveLongMaxValue() {
        rejects("{\"id\":9223372036854775808}", "id")
                .withMessage("id must be an integer from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void rejectsInt64StringThatIsNotANumber() {
        rejects("{\"id\":\"abc\"}", "id").withMessage("id must be an integer");
    }

    @Test
    void rejectsInt64StringWithLargeExponentPromptly() {
        // A few characters of input must not make the reader spell out 10^300000000; the timeout
        // only guards against that hang and is far above the microseconds the check takes.
        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> rejects("{\"id\":\"1e300000000\"}", "id").withMessageStartingWith("id must be an integer from"));
    }

    @Test
    void rejectsInt64StringWithLargeNegativeExponentPromptly() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> rejects("{\"id\":\"1e-300000000\"}", "id").withMessage("id must be an integer"));
    }

    @Test
    void rejectsInt64NumberWithLargeExponentPromptly() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> rejects("{\"id\":1e300000000}", "id").withMessageStartingWith("id must be an integer"));
    }

    // --- unknown fields and null ---

    @Test
    void ignoresUnknownFields() throws IOException {
        ExportJob job = job(
                "{\"id\":7,\"unknownField\":{\"deep\":[1,2,3]},\"destination\":{\"datasetId\":\"ds1\",\"extra\":true}}");

        assertThat(job)
                .isEqualTo(ExportJob.newBuilder()
                        .setId(7)
                        .setDestination(Destination.newBuilder().setDatasetId("ds1"))
                        .build());
    }

    @Test
    void treatsNullAsUnset() throws IOException {
        ExportJob job = job("{\"id\":null,\"fields\":null,\"status\":null,\"destination\":null,\"errors\":null,"
                + "\"metrics\":{\"exportedProfileByNamespaceCounter\":null}}");

        assertThat(job.getId()).isZero();
        assertThat(job.hasDestination()).isFalse();
        assertThat(job.getErrorsList()).isEmpty();
        assertThat(job.getMetrics().getExportedProfileByNamespaceCounterMap()).isEmpty();
    }

    @Test
    void treatsNullOptionalFieldAsNotPresent() throws IOException {
        Destination destination =
                job("{\"destination\":{\"segmentPerBatch\":null}}").getDestination();

        assertThat(destination.hasSegmentPerBatch()).isFalse();
    }

    @Test
    void readsOptionalFieldAtDefaultAsPresent() throws IOException {
        Destination destination =
                job("{\"destination\":{\"segmentPerBatch\":false}}").getDestination();

        assertThat(destination.hasSegmentPerBatch()).isTrue();
        assertThat(destination.getSegmentPerBatch()).isFalse();
    }

    @Test
    void readsOptionalInt32OfRequest() throws IOException {
        ListExportJobsRequest request =
                read("{\"limit\":\"25\",\"status\":\"new\"}", ListExportJobsRequest.getDefaultInstance());

        assertThat(request.hasLimit()).isTrue();
        assertThat(request.getLimit()).isEqualTo(25);
        assertThat(request.getStatus()).isEqualTo("new");
    }

    // --- enums ---

    @Test
    void readsEnumByName() throws IOException {
        ExportJob job = job("{\"status\":\"PROCESSING\",\"jobType\":\"BATCH\"}");

        assertThat(job.getStatus()).isEqualTo(ExportJobStatus.PROCESSING);
        assertThat(job.getJobType()).isEqualTo(JobType.BATCH);
    }

    @Test
    void readsEnumByNumber() throws IOException {
        assertThat(job("{\"status\":3}").getStatus()).isEqualTo(ExportJobStatus.SUCCEEDED);
    }

    @Test
    void rejectsUnknownEnumNameListingAllowedNames() {
        rejects("{\"status\":\"DONE\"}", "status")
                .withMessage("status must be one of NEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED");
    }

    @Test
    void rejectsEnumNameInWrongCase() {
        rejects("{\"jobType\":\"batch\"}", "jobType").withMessage("jobType must be one of BATCH");
    }

    @Test
    void rejectsUnspecifiedEnumValue() {
        rejects("{\"status\":\"EXPORT_JOB_STATUS_UNSPECIFIED\"}", "status").withMessageContaining("must be one of NEW");
    }

    @Test
    void rejectsUnknownEnumNumber() {
        rejects("{\"status\":99}", "status").withMessageStartingWith("status must be one of ");
    }

    // --- wrong types ---

    @Test
    void rejectsStringForBoolean() {
        rejects("{\"destination\":{\"segmentPerBatch\":\"true\"}}", "destination.segmentPerBatch")
                .withMessage("destination.segmentPerBatch must be a boolean (true or false)");
    }

    @Test
    void rejectsNumberForString() {
        rejects("{\"fields\":5}", "fields").withMessage("fields must be a string");
    }

    @Test
    void rejectsStringForMessage() {
        rejects("{\"destination\":\"ds1\"}", "destination").withMessage("destination must be a JSON object");
    }

    @Test
    void rejectsObjectForArray() {
        rejects("{\"filter\":{\"segments\":{\"segmentId\":\"s\"}}}", "filter.segments")
                .withMessage("filter.segments must be a JSON array");
    }

    @Test
    void rejectsArrayForMap() {
        rejects(
                        "{\"metrics\":{\"exportedProfileByNamespaceCounter\":[1]}}",
                        "metrics.exportedProfileByNamespaceCounter")
                .withMessage("metrics.exportedProfileByNamespaceCounter must be a JSON object");
    }

    @Test
    void rejectsWrongTypeOfMapValueNamingTheKey() {
        rejects(
                        "{\"metrics\":{\"exportedProfileByNamespaceCounter\":{\"ECID\":\"many\"}}}",
                        "metrics.exportedProfileByNamespaceCounter.ECID")
                .withMessage("metrics.exportedProfileByNamespaceCounter.ECID must be an integer");
    }

    @Test
    void rejectsBooleanForInteger() {
        rejects("{\"id\":true}", "id").withMessage("id must be an integer");
    }

    @Test
    void rejectsInt32AboveRange() {
        rejects("{\"mergePolicy\":{\"version\":2147483648}}", "mergePolicy.version")
                .withMessage("mergePolicy.version must be an integer from -2147483648 to 2147483647");
    }

    @Test
    void rejectsInt32BelowRange() {
        rejects("{\"mergePolicy\":{\"version\":\"-2147483649\"}}", "mergePolicy.version")
                .withMessage("mergePolicy.version must be an integer from -2147483648 to 2147483647");
    }

    @Test
    void acceptsInt32Extremes() throws IOException {
        assertThat(job("{\"mergePolicy\":{\"version\":2147483647}}")
                        .getMergePolicy()
                        .getVersion())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(job("{\"mergePolicy\":{\"version\":-2147483648}}")
                        .getMergePolicy()
                        .getVersion())
                .isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void rejectsFractionForInteger() {
        rejects("{\"id\":1.5}", "id").withMessage("id must be an integer");
    }

    @Test
    void rejectsFractionInStringForInteger() {
        rejects("{\"mergePolicy\":{\"version\":\"2.5\"}}", "mergePolicy.version")
                .withMessage("mergePolicy.version must be an integer");
    }

    @Test
    void acceptsIntegralValueWrittenWithZeroFraction() throws IOException {
        assertThat(job("{\"id\":2.0}").getId()).isEqualTo(2);
    }

    // --- paths ---

    @Test
    void namesNestedPathWithArrayIndexes() {
        rejects(
                        "{\"filter\":{\"segments\":[{\"segmentId\":\"a\"},{\"segmentId\":\"b\",\"status\":[1]}]}}",
                        "filter.segments[1].status[0]")
                .withMessage("filter.segments[1].status[0] must be a string");
    }

    @Test
    void namesArrayElementOfWrongType() {
        rejects("{\"filter\":{\"segments\":[{\"segmentId\":\"a\"},\"b\"]}}", "filter.segments[1]")
                .withMessage("filter.segments[1] must be a JSON object");
    }

    @Test
    void namesPathByJsonNameWhenProtoNameWasSent() {
        rejects("{\"merge_policy\":{\"version\":\"x\"}}", "mergePolicy.version")
                .withMessage("mergePolicy.version must be an integer");
    }

    @Test
    void readsRepeatedMessagesInOrder() throws IOException {
        ExportJob job = job("{\"filter\":{\"segments\":[{\"segmentId\":\"a\",\"status\":[\"realized\",\"exited\"]},"
                + "{\"segment_id\":\"b\",\"segmentNs\":\"aam\"}]}}");

        assertThat(job.getFilter().getSegmentsList())
                .containsExactly(
                        SegmentFilter.newBuilder()
                                .setSegmentId("a")
                                .addStatus("realized")
                                .addStatus("exited")
                                .build(),
                        SegmentFilter.newBuilder()
                                .setSegmentId("b")
                                .setSegmentNs("aam")
                                .build());
    }

    // --- the body ---

    @Test
    void rejectsMalformedJsonOnTheRoot() {
        rejects("{\"id\": }", "").withMessageStartingWith("the body is not valid JSON at line 1, column ");
    }

    @Test
    void rejectsMalformedJsonReportingTheLine() {
        rejects("{\n  \"id\": 1,\n  \"fields\": \"x\"\n  \"status\": \"NEW\"\n}", "")
                .withMessageStartingWith("the body is not valid JSON at line 4, column ");
    }

    @Test
    void rejectsUnterminatedObject() {
        rejects("{\"id\":1", "").withMessageStartingWith("the body is not valid JSON");
    }

    @Test
    void rejectsEmptyInput() {
        rejects("", "").withMessage("the body is empty; expected a JSON object");
    }

    @Test
    void rejectsWhitespaceOnlyInput() {
        rejects(" \n\t ", "").withMessage("the body is empty; expected a JSON object");
    }

    @Test
    void rejectsSecondValueAfterTheBody() {
        rejects("{\"id\":1} {\"id\":2}", "").withMessage("the body has content after its JSON value");
    }

    @Test
    void rejectsGarbageAfterTheBody() {
        rejects("{\"id\":1} x", "").withMessageStartingWith("the body ");
    }

    @Test
    void acceptsTrailingWhitespace() throws IOException {
        assertThat(job("{\"id\":1}\n\n  ").getId()).isEqualTo(1);
    }

    @Test
    void rejectsDuplicateKey() {
        rejects("{\"id\":1,\"id\":2}", "").withMessageContaining("Duplicate field 'id'");
    }

    @Test
    void rejectsDuplicateKeyInNestedObject() {
        rejects("{\"destination\":{\"datasetId\":\"a\",\"datasetId\":\"b\"}}", "")
                .withMessageContaining("Duplicate field 'datasetId'");
    }

    @Test
    void rejectsArrayBody() {
        rejects("[]", "").withMessage("the body must be a JSON object");
    }

    @Test
    void rejectsNullBody() {
        rejects("null", "").withMessage("the body must be a JSON object");
    }

    // --- google.protobuf.Struct / Value ---

    @Test
    void readsStructWithEveryValueKind() throws IOException {
        Struct struct = read(
                "{\"n\":3,\"s\":\"x\",\"b\":true,\"z\":null,\"o\":{\"k\":1.5},\"l\":[1,\"two\"]}",
                Struct.getDefaultInstance());

        assertThat(struct)
                .isEqualTo(Struct.newBuilder()
                        .putFields("n", Value.newBuilder().setNumberValue(3).build())
                        .putFields("s", Value.newBuilder().setStringValue("x").build())
                        .putFields("b", Value.newBuilder().setBoolValue(true).build())
                        .putFields(
                                "z",
                                Value.newBuilder()
                                        .setNullValue(NullValue.NULL_VALUE)
                                        .build())
                        .putFields(
                                "o",
                                Value.newBuilder()
                                        .setStructValue(Struct.newBuilder()
                                                .putFields(
                                                        "k",
                                                        Value.newBuilder()
                                                                .setNumberValue(1.5)
                                                                .build()))
                                        .build())
                        .putFields(
                                "l",
                                Value.newBuilder()
                                        .setListValue(ListValue.newBuilder()
                                                .addValues(Value.newBuilder().setNumberValue(1))
                                                .addValues(Value.newBuilder().setStringValue("two")))
                                        .build())
                        .build());
    }

    @Test
    void rejectsNonObjectForStruct() {
        assertThatThrownBy(() -> read("[1]", Struct.getDefaultInstance()))
                .isInstanceOf(JsonFieldException.class)
                .hasMessage("the body must be a JSON object");
    }

    @Test
    void readsValueFromAnyJsonValue() throws IOException {
        assertThat(read("\"text\"", Value.getDefaultInstance()))
                .isEqualTo(Value.newBuilder().setStringValue("text").build());
        assertThat(read("null", Value.getDefaultInstance()))
                .isEqualTo(Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build());
    }
    // --- nesting depth ---

    /** A Struct body {"a": {"a": ... {"v": 1}}} nesting {@code levels} objects, the body included. */
    private static String nestedObjects(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{\"v\":1}" + "}".repeat(levels - 1);
    }

    private static Struct readStruct(String json, int maxDepth) throws IOException {
        return ProtoJsonReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Struct.getDefaultInstance(), maxDepth);
    }

    @Test
    void acceptsNestingAtTheDepthLimit() throws IOException {
        Struct struct = readStruct(nestedObjects(5), 5);

        assertThat(struct.getFieldsOrThrow("a")
                        .getStructValue()
                        .getFieldsOrThrow("a")
                        .getStructValue()
                        .getFieldsOrThrow("a")
                        .getStructValue()
                        .getFieldsOrThrow("a")
                        .getStructValue()
                        .getFieldsOrThrow("v")
                        .getNumberValue())
                .isEqualTo(1);
    }

    @Test
    void refusesNestingBeyondTheDepthLimitNamingThePathAndTheLimit() {
        assertThatExceptionOfType(JsonFieldException.class)
                .isThrownBy(() -> readStruct(nestedObjects(6), 5))
                .satisfies(e -> assertThat(e.field()).isEqualTo("a.a.a.a.a"))
                .withMessage("a.a.a.a.a nests objects and arrays deeper than 5 levels (the json-depth limit)");
    }

    @Test
    void countsArraysAsLevelsAndNamesTheirIndexes() {
        assertThatExceptionOfType(JsonFieldException.class)
                .isThrownBy(() -> readStruct("{\"l\":[1,[2,{\"k\":[]}]]}", 3))
                .satisfies(e -> assertThat(e.field()).isEqualTo("l[1][1]"));
    }

    @Test
    void refusesADeepBodyBeforeReadingItsDeepestLevels() {
        // A million levels: parsing stops at the 65th, without a stack overflow.
        String deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);

        assertThatExceptionOfType(JsonFieldException.class)
                .isThrownBy(() ->
                        ProtoJsonReader.parseTree(new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8))))
                .withMessageStartingWith("[0]" + "[0]".repeat(ProtoJsonReader.DEFAULT_MAX_DEPTH - 1)
                        + " nests objects and arrays deeper than 64 levels");
    }

    @Test
    void keepsReportingMalformedJsonOnTheRoot() {
        assertThatExceptionOfType(JsonFieldException.class)
                .isThrownBy(() -> readStruct("{\"a\":{\"b\":}}", 5))
                .satisfies(e -> assertThat(e.field()).isEmpty())
                .withMessageStartingWith("the body is not valid JSON at line 1");
    }
}
