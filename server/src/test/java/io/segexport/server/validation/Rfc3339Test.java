package io.segexport.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3339 timestamps read field by field, held to java.time's reading of the same text. */
class Rfc3339Test {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2018-01-15T00:00:00Z",
                "2018-01-15t23:59:59z",
                "2024-02-29T12:00:00.5Z",
                "2024-02-29T12:00:00.123456789Z",
                "2018-01-15T00:00:00.000+05:30",
                "2018-01-15T00:00:00-18:00",
                "2018-01-15T00:00:00+18:00",
                "0000-01-01T00:00:00-00:00",
                "9999-12-31T23:59:59.999999999+00:00"
            })
    void aTimestampIsTheInstantJavaTimeReads(String text) {
        assertThat(Rfc3339.parse("t", text))
                .isEqualTo(OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2018-13-01T00:00:00Z",
                "2023-02-29T00:00:00Z",
                "2018-04-31T00:00:00Z",
                "2018-01-15T24:00:00Z",
                "2018-01-15T00:60:00Z",
                "2018-01-15T00:00:60Z",
                "2018-01-15T00:00:00+18:30",
                "2018-01-15T00:00:00+05:60",
                "2018-00-15T00:00:00Z",
                "2018-01-00T00:00:00Z",
                "2018-01-15T00:00:00.Z",
                "2018-01-15T00:00:00.1234567890Z",
                "2018-01-15 00:00:00Z",
                "2018-01-15T00:00:00"
            })
    void aTimestampWithAFieldOutOfRangeIsRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> Rfc3339.parse("t", text)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith("t must be an RFC 3339 timestamp");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"9999-12-31T23:59:59.99999-17:59", "9999-12-31T23:00:00-01:00", "0000-01-01T00:00:00+00:01"})
    void aTimestampWhoseUtcFormLeavesYearsZeroTo9999IsRefused(String text) {
        assertThatThrownBy(() -> Rfc3339.parse("t", text))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("t must be an RFC 3339 timestamp"));
    }
}
