package io.segexport.v1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusesTest {
    @ParameterizedTest
    @EnumSource(
            value = ExportJobStatus.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void succeededFailedAndCancelledJobsHaveEnded(ExportJobStatus status) {
        assertThat(JobStatuses.isEnded(status)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = ExportJobStatus.class,
            names = {"NEW", "PROCESSING", "EXPORT_JOB_STATUS_UNSPECIFIED"})
    void newProcessingAndUnknownJobsHaveNotEnded(ExportJobStatus status) {
        assertThat(JobStatuses.isEnded(status)).isFalse();
    }
}
