package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2024-01-01T00:00:00Z"));
    private final StringWriter err = new StringWriter();

    private Progress progress(boolean terminal, String label, Unit unit) {
        return Progress.on(new PrintWriter(err), terminal, clock, label, unit);
    }

    @Test
    void terminalRedrawsOneLineInPlaceWithBarPercentRateAndTimeLeft() {
        try (Progress progress = progress(true, "job 7", Unit.of("profiles"))) {
            progress.update(0, 1000, "PROCESSING");
            clock.advance(Duration.ofSeconds(1));
            progress.update(250, 1000, "PROCESSING");
        }
        assertThat(err.toString())
                .isEqualTo(
                        "\rjob 7 [....................] 0/1,000 profiles 0% (PROCESSING)"
                                + "\rjob 7 [#####...............] 250/1,000 profiles 25%, 250 profiles/s, 3.0 s left (PROCESSING)"
                                + "\rjob 7 [#####...............] 250/1,000 profiles 25%, 250 profiles/s, 3.0 s left (PROCESSING)\n");
    }

    @Test
    void terminalRedrawsAtMostTenTimesASecondButAlwaysShowsTheEnd() {
        try (Progress progress = progress(true, "import", Unit.of("records"))) {
            progress.update(1);
            clock.advance(Duration.ofMillis(50));
            progress.update(2);
            clock.advance(Duration.ofMillis(50));
            progress.update(3);
        }
        assertThat(err.toString().split("\r", -1))
                .containsExactly(
                        "", "import 1 record", "import 3 records, 20 records/s", "import 3 records, 20 records/s\n");
    }

    @Test
    void terminalBlanksTheRestOfALongerLine() {
        try (Progress progress = progress(true, "job", Unit.of("profiles"))) {
            progress.update(5, 0, "PROCESSING, long note");
            clock.advance(Duration.ofSeconds(1));
            progress.update(5, 0, "");
        }
        String[] draws = err.toString().split("\r", -1);
        assertThat(draws[1]).isEqualTo("job 5 profiles (PROCESSING, long note)");
        assertThat(draws[2]).isEqualTo("job 5 profiles" + " ".repeat(draws[1].length() - "job 5 profiles".length()));
    }

    @Test
    void terminalPrintsMessagesAboveTheBar() {
        try (Progress progress = progress(true, "import", Unit.of("records"))) {
            progress.update(1);
            progress.message("line 2 is not valid JSON");
        }
        assertThat(err.toString())
                .startsWith("\rimport 1 record\r" + " ".repeat(15) + "\rline 2 is not valid JSON\n\rimport 1 record")
                .endsWith("\n");
    }

    @Test
    void logPrintsPlainLinesEveryTwoSecondsAndTheEnd() {
        try (Progress progress = progress(false, "download", Unit.BYTES)) {
            progress.update(0, 4 * 1024 * 1024, "");
            clock.advance(Duration.ofSeconds(1));
            progress.update(1024 * 1024, 4 * 1024 * 1024, "");
            clock.advance(Duration.ofSeconds(1));
            progress.update(2 * 1024 * 1024, 4 * 1024 * 1024, "");
            clock.advance(Duration.ofSeconds(2));
            progress.update(4 * 1024 * 1024, 4 * 1024 * 1024, "");
        }
        assertThat(err.toString()).doesNotContain("\r").isEqualTo("""
                download 0 B/4.0 MiB 0%
                download 2.0 MiB/4.0 MiB 50%, 1.0 MiB/s, 2.0 s left
                download 4.0 MiB/4.0 MiB 100%, 1.0 MiB/s
                """);
    }

    @Test
    void logDoesNotRepeatTheLastLineAtTheEnd() {
        try (Progress progress = progress(false, "import", Unit.of("records"))) {
            progress.update(10);
        }
        assertThat(err.toString()).isEqualTo("import 10 records\n");
    }

    @Test
    void rateCountsFromTheFirstUpdateSoAJobJoinedHalfWayIsNotTooFast() {
        try (Progress progress = progress(false, "job", Unit.of("profiles"))) {
            progress.update(500, 1000, "");
            clock.advance(Duration.ofSeconds(5));
            progress.update(600, 1000, "");
        }
        assertThat(err.toString()).endsWith("job 600/1,000 profiles 60%, 20 profiles/s, 20.0 s left\n");
    }
}
