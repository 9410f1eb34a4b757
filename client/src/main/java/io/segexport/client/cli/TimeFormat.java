package io.segexport.client.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times and durations as a person reads them, in one zone (the user's, or a fixed one in tests). */
final class TimeFormat {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    TimeFormat(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code 2024-01-05 14:03:12} in this zone; "-" for 0, which the API uses for "not set". */
    String instant(long epochMillis) {
        return epochMillis == 0
                ? "-"
                : DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** An RFC 3339 time as {@link #instant} writes it; text that is not one is shown as it is. */
    String rfc3339(String text) {
        try {
            return instant(Instant.parse(text).toEpochMilli());
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** The most significant two units: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}, {@code 2 h 3 min}. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
