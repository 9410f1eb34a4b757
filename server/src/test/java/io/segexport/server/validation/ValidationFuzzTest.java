package io.segexport.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;

/** The rules for timestamps and ids: a 400 naming the field, or a value that keeps the rule's promise. */
class ValidationFuzzTest {
    @FuzzTest
    void timestampsParseOrAreRefused(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Instant instant;
        try {
            instant = Rfc3339.parse("t", text);
        } catch (StatusRuntimeException e) {
            assertRefused(e, "t");
            return;
        }
        String normalized = Rfc3339.normalize("t", text);
        assertThat(Rfc3339.parse("t", normalized)).isEqualTo(instant);
        Rfc3339.checkWindow("w", normalized, normalized, "start", "end");
    }

    @FuzzTest
    void idsAreSafeOrRefused(FuzzedDataProvider data) {
        String id = data.consumeRemainingAsString();
        try {
            Ids.checkSafe("id", id);
            assertThat(id)
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(
                            io.segexport.server.limits.Limits.current().idLength())
                    .doesNotContain("..", "/", "\\", "\0");
            assertThat(id.codePoints().noneMatch(Character::isISOControl)).isTrue();
        } catch (StatusRuntimeException e) {
            assertRefused(e, "id");
        }
        try {
            ResourceIds.check("id", id);
            assertThat(id).matches("[A-Za-z0-9_-]{1,128}");
        } catch (StatusRuntimeException e) {
            assertRefused(e, "id");
        }
        try {
            Ids.check("id", id);
            assertThat(id)
                    .hasSizeLessThanOrEqualTo(
                            io.segexport.server.limits.Limits.current().idLength());
        } catch (StatusRuntimeException e) {
            assertRefused(e, "id");
        }
    }

    private static void assertRefused(StatusRuntimeException e, String field) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith(field + " ");
    }
}
