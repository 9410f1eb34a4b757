package io.segexport.server.validation;

import io.segexport.server.rpc.ServiceErrors;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** RFC 3339 timestamps of requests: parsed strictly, written back in UTC. */
public final class Rfc3339 {
    /** RFC 3339's date-time: seconds required, fraction optional, an offset or Z. */
    private static final Pattern FORMAT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private Rfc3339() {}

    /** The instant of an RFC 3339 timestamp; a 400 naming {@code field} otherwise. */
    public static Instant parse(String field, String text) {
        try {
            if (!FORMAT.matcher(text).matches()) {
                throw new DateTimeParseException("not RFC 3339", text, 0);
            }
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ServiceErrors.invalidArgument(field,
                    "must be an RFC 3339 timestamp such as 2018-01-01T00:00:00Z, not \"" + Texts.shorten(text) + "\"");
        }
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
