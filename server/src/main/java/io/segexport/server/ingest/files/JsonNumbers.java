package io.segexport.server.ingest.files;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** A JSON number as the double a Struct holds: what protobuf's JsonFormat makes of it (Double.parseDouble of its text). */
final class JsonNumbers {
    private JsonNumbers() {}

    /** The number at the parser's current token, {@code token}. */
    static double asDouble(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long value = parser.getLongValue();
            // A long is exact as text is, and converts with the same rounding; but -0 is a negative zero.
            return value == 0 && parser.getTextCharacters()[parser.getTextOffset()] == '-' ? -0.0 : value;
        }
        return parser.getDoubleValue();
    }
}
