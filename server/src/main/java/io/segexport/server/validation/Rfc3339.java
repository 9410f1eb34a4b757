package io.segexport.server.validation;

import io.segexport.server.rpc.ServiceErrors;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/** RFC 3339 timestamps of requests: parsed strictly, written back in UTC. */
public final class Rfc3339 {
    /** RFC 3339's date-time: seconds required, fraction optional, an offset or Z. */
    private static final Pattern FORMAT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    /** The instants whose UTC form is itself RFC 3339 (four-digit years), so normalizing never fails. */
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Rfc3339() {}

    /** The instant of an RFC 3339 timestamp; a 400 naming {@code field} otherwise. */
    public static Instant parse(String field, String text) {
        if (FORMAT.matcher(text).matches()) {
            try {
                Instant instant = instant(text);
                if (!instant.isBefore(FIRST) && !instant.isAfter(LAST)) {
                    return instant;
                }
            } catch (DateTimeException e) {
                // a field out of its range (month 13, February 30, offset beyond 18 hours): refused below
            }
        }
        throw ServiceErrors.invalidArgument(
                field,
                "must be an RFC 3339 timestamp such as 2018-01-01T00:00:00Z, not \"" + Texts.shorten(text) + "\"");
    }

    /**
     * The instant of a text that matches {@link #FORMAT}, read field by field at their fixed places
     * (ingestion reads one per segment membership: a DateTimeFormatter costs several times more).
     */
    private static Instant instant(String text) {
        int end = 19;
        int nanos = 0;
        if (text.charAt(end) == '.') {
            int start = ++end;
            while (Character.isDigit(text.charAt(end))) {
                end++;
            }
            nanos = number(text, start, end);
            for (int digits = end - start; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = ZoneOffset.UTC;
        char zone = text.charAt(end);
        if (zone == '+' || zone == '-') {
            int sign = zone == '+' ? 1 : -1;
            offset = ZoneOffset.ofHoursMinutes(
                    sign * number(text, end + 1, end + 3), sign * number(text, end + 4, end + 6));
        }
        return LocalDateTime.of(
                        number(text, 0, 4),
                        number(text, 5, 7),
                        number(text, 8, 10),
                        number(text, 11, 13),
                        number(text, 14, 16),
                        number(text, 17, 19),
                        nanos)
                .toInstant(offset);
    }

    /** The ASCII digits from {@code start} to {@code end} as a number. */
    private static int number(String text, int start, int end) {
        int number = 0;
        for (int i = start; i < end; i++) {
            number = number * 10 + text.charAt(i) - '0';
        }
        return number;
    }

    /** The timestamp in its UTC form; "" stays "". */
    public static String normalize(String field, String text) {
        return text.isEmpty() ? "" : parse(field, text).toString();
    }

    /** Checks that a window's start is not after its end, each end being optional. */
    public static void checkWindow(String field, String start, String end, String startName, String endName) {
        if (!start.isEmpty() && !end.isEmpty() && Instant.parse(start).isAfter(Instant.parse(end))) {
            throw ServiceErrors.invalidArgument(field, "has " + startName + " after " + endName);
        }
    }
}
