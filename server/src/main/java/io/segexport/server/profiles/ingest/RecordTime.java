package io.segexport.server.profiles.ingest;

import com.google.protobuf.Value;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Rfc3339;

/** A record's "timestamp": an RFC 3339 string or a number of milliseconds since the Unix epoch. */
final class RecordTime {
    /** 9999-12-31T23:59:59.999Z: later "epoch milliseconds" are a mistake (microseconds, say). */
    static final long MAX_MILLIS = 253_402_300_799_999L;

    private RecordTime() {}

    /** The time in milliseconds since the epoch; a 400-style error naming {@code field} otherwise. */
    static long millis(String field, Value timestamp) {
        if (timestamp.hasStringValue()) {
            return Rfc3339.parse(field, timestamp.getStringValue()).toEpochMilli();
        }
        double number = timestamp.getNumberValue();
        if (!timestamp.hasNumberValue() || number != Math.rint(number) || number < 0 || number > MAX_MILLIS) {
            throw ServiceErrors.invalidArgument(
                    field,
                    "must be an RFC 3339 timestamp such as 2018-01-01T00:00:00Z or whole milliseconds since 1970 (up to year 9999)");
        }
        return (long) number;
    }
}
