package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void instantsAreShownInTheGivenZoneAndZeroAsADash() {
        long millis = Instant.parse("2024-01-05T14:03:12.345Z").toEpochMilli();
        assertThat(new TimeFormat(ZoneOffset.UTC).instant(millis)).isEqualTo("2024-01-05 14:03:12");
        assertThat(new TimeFormat(ZoneId.of("Europe/Paris")).instant(millis)).isEqualTo("2024-01-05 15:03:12");
        assertThat(new TimeFormat(ZoneOffset.UTC).instant(0)).isEqualTo("-");
    }

    @Test
    void rfc3339TextIsShownLikeOtherTimesAndAnythingElseAsItIs() {
        TimeFormat times = new TimeFormat(ZoneOffset.UTC);
        assertThat(times.rfc3339("2024-01-05T14:03:12Z")).isEqualTo("2024-01-05 14:03:12");
        assertThat(times.rfc3339("yesterday")).isEqualTo("yesterday");
    }

    @Test
    void durationsKeepTheirTwoMostSignificantUnits() {
        assertThat(TimeFormat.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(TimeFormat.duration(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
        assertThat(TimeFormat.duration(Duration.ofSeconds(245))).isEqualTo("4 min 5 s");
        assertThat(TimeFormat.duration(Duration.ofMinutes(123))).isEqualTo("2 h 3 min");
        assertThat(TimeFormat.duration(Duration.ofMillis(-5))).isEqualTo("0 ms");
    }

    @Test
    void countsAreGroupedByThousands() {
        Unit records = Unit.of("records");
        assertThat(records.amount(1_234_567)).isEqualTo("1,234,567 records");
        assertThat(records.amount(1)).isEqualTo("1 record");
        assertThat(records.amount(0)).isEqualTo("0 records");
        assertThat(records.ratio(1_234, 10_000)).isEqualTo("1,234/10,000 records");
        assertThat(records.rate(529.6)).isEqualTo("530 records/s");
    }

    @Test
    void bytesAreShownInBinaryMultiples() {
        assertThat(Unit.BYTES.amount(512)).isEqualTo("512 B");
        assertThat(Unit.BYTES.amount(1536)).isEqualTo("1.5 KiB");
        assertThat(Unit.BYTES.amount(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Unit.BYTES.ratio(1024 * 1024, 3 * 1024 * 1024)).isEqualTo("1.0 MiB/3.0 MiB");
        assertThat(Unit.BYTES.rate(1.5 * 1024 * 1024)).isEqualTo("1.5 MiB/s");
    }

    @Test
    void durationsAreReadAsPeopleWriteThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aDurationThatIsNotOneNamesTheValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DurationConverter().convert("soon"))
                .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
    }
}
