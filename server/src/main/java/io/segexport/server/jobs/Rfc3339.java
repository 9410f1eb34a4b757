package io.segexport.server.jobs;

import io.segexport.server.rpc.ServiceErrors;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps of requests: parsed strictly, written back in UTC. */
final class Rfc3339 {
    private Rfc3339() {}

    /** The instant of an RFC 3339 timestamp; a 400 naming {@code field} otherwise. */
    static Instant parse(String field, String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ServiceErrors.invalidArgument(field,
                    "must be an RFC 3339 timestamp such as 2018-01-01T00:00:00Z, not \"" + Limits.shorten(text) + "\"");
        }
    }

    /** The timestamp in its UTC form; "" stays "". */
    static String normalize(String field, String text) {
        return text.isEmpty() ? "" : parse(field, text).toString();
    }

    /** Checks that a window's start is not after its end, each end being optional. */
    static void checkWindow(String field, String start, String end, String startName, String endName) {
        if (!start.isEmpty() && !end.isEmpty() && Instant.parse(start).isAfter(Instant.parse(end))) {
            throw ServiceErrors.invalidArgument(field, "has " + startName + " after " + endName);
        }
    }
}
