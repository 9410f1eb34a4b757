package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void statusesMapToTheDocumentedExitCodes() {
        assertThat(ExitCode.forStatus(Status.Code.OK).code()).isZero();
        assertThat(ExitCode.forStatus(Status.Code.INVALID_ARGUMENT).code()).isEqualTo(2);
        assertThat(ExitCode.forStatus(Status.Code.FAILED_PRECONDITION).code()).isEqualTo(2);
        assertThat(ExitCode.forStatus(Status.Code.OUT_OF_RANGE).code()).isEqualTo(2);
        assertThat(ExitCode.forStatus(Status.Code.UNAUTHENTICATED).code()).isEqualTo(3);
        assertThat(ExitCode.forStatus(Status.Code.PERMISSION_DENIED).code()).isEqualTo(3);
        assertThat(ExitCode.forStatus(Status.Code.NOT_FOUND).code()).isEqualTo(4);
        assertThat(ExitCode.forStatus(Status.Code.UNAVAILABLE).code()).isEqualTo(6);
        assertThat(ExitCode.forStatus(Status.Code.DEADLINE_EXCEEDED).code()).isEqualTo(7);
        assertThat(ExitCode.forStatus(Status.Code.INTERNAL).code()).isEqualTo(1);
        assertThat(ExitCode.forStatus(Status.Code.UNKNOWN).code()).isEqualTo(1);
    }

    @Test
    void theHelpListsEveryCodeInOrder() {
        assertThat(ExitCode.helpList().keySet()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8");
    }
}
