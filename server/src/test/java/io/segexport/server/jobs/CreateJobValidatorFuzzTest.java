package io.segexport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.v1.ExportJob;

/** Any create request is refused with INVALID_ARGUMENT naming a field, or becomes a job that passes the checks again unchanged. */
class CreateJobValidatorFuzzTest {
    @FuzzTest
    void anyCreateRequestIsRefusedOrValidatedToAFixedPoint(@NotNull ExportJob request) {
        ExportJob validated;
        try {
            validated = CreateJobValidator.validate(request);
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isNotBlank();
            return;
        }
        assertThat(CreateJobValidator.validate(validated)).isEqualTo(validated);
    }
}
