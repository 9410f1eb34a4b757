package io.segexport.server.profiles.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.google.protobuf.Struct;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileRecord;

/** Any record, as a gRPC client can send it: read into what the store keeps, or rejected naming the field. */
class RecordReaderFuzzTest {
    @FuzzTest
    void anyRecordIsReadOrRejected(@NotNull Struct record) {
        try {
            ProfileRecord profile = RecordReader.profile("ds", "records[0]", encoded(record), 1_000L);
            assertThat(profile.identities().all()).isNotEmpty();
        } catch (StatusRuntimeException e) {
            assertRejected(e);
        }
        try {
            EventRecord event = RecordReader.event("ds", "records[0]", encoded(record));
            assertThat(event.identities().all()).isNotEmpty();
        } catch (StatusRuntimeException e) {
            assertRejected(e);
        }
    }

    /** The record checked as a unary request's, which grpc-java has parsed. */
    private static EncodedRecord encoded(Struct record) {
        return EncodedRecord.read("records[0]", record.toByteString(), true);
    }

    private static void assertRejected(StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("records[0]");
    }
}
