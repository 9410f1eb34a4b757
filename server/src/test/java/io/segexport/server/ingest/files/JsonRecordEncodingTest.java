package io.segexport.server.ingest.files;

import static io.segexport.server.ingest.files.Records.json;
import static io.segexport.server.ingest.files.Records.jsonFormat;
import static io.segexport.server.ingest.files.Records.read;
import static io.segexport.server.ingest.files.Records.struct;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.server.ingest.files.JsonRecordReader.Layout;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a good record's encodings hold: protobuf's own reading of the JSON, and the JSON itself. */
class JsonRecordEncodingTest {
    /** Records of every kind of value, nesting and text, one a line. */
    private static final List<String> CORPUS = List.of(
            "{}",
            "{\"a\": null, \"b\": true, \"c\": false, \"d\": \"\", \"\": \"empty key\"}",
            "{\"identityMap\": {\"email\": [{\"id\": \"ann@example.com\", \"primary\": true}]},"
                    + " \"person\": {\"name\": {\"firstName\": \"Ann\", \"lastName\": \"Lee\"}},"
                    + " \"loyalty\": {\"points\": 1250, \"tier\": \"gold\"}, \"timestamp\": \"2024-05-01T10:00:00Z\"}",
            "{\"list\": [1, \"two\", null, true, [], {}, [[{\"deep\": [false]}]]]}",
            "{\"escapes\": \"quote \\\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u0000 \\u001f \\u00e9 \\ud83d\\ude00\"}",
            "{\"unicode\": \"\u00e9\u00df\u4e2d\u6587\ud83d\ude00\", \"\u4e2d\": \"key\"}",
            "{\"long\": \"" + "x".repeat(300) + "\", \"k" + "y".repeat(200) + "\": [" + "1,".repeat(100) + "1]}",
            "{\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": {\"h\": 1}}}}}}}}",
            "{\"many\": {" + keys(40) + "}}");

    private static final String NUMBERS =
            "{\"zero\": 0, \"negativeZero\": -0, \"negativeZeroFloat\": -0.0, \"int\": 42,"
                    + " \"negative\": -17, \"float\": 3.14159, \"exponent\": 1e10, \"negativeExponent\": 2.5E-7,"
                    + " \"plusExponent\": 6.02e+23, \"maxLong\": 9223372036854775807, \"minLong\": -9223372036854775808,"
                    + " \"bigInt\": 123456789012345678901234567890, \"unsafeInt\": 9007199254740993,"
                    + " \"tiny\": 4.9e-324, \"underflow\": 1e-400, \"overflow\": 1e400, \"manyDigits\": 0.1000000000000000055511151231257827}";

    @Test
    void numbersAreTheDoublesJsonFormatReads() {
        JsonRecord record = read(NUMBERS, Layout.LINES).get(0);

        assertThat(struct(record)).isEqualTo(jsonFormat(NUMBERS));
        assertThat(struct(record).getFieldsOrThrow("negativeZero").getNumberValue())
                .isEqualTo(-0.0);
    }

    @Test
    void numbersAreWrittenAsTheirText() {
        assertThat(json(read("{\"a\": 1e10, \"b\": -0, \"c\": 123456789012345678901234567890}", Layout.LINES)
                        .get(0)))
                .isEqualTo("{\"a\":1e10,\"b\":-0,\"c\":123456789012345678901234567890}");
    }

    @Test
    void theStructIsWhatJsonFormatReads() {
        for (JsonRecord record : read(String.join("\n", CORPUS) + "\n" + NUMBERS, Layout.LINES)) {
            assertThat(record.good()).as(record.error()).isTrue();
            assertThat(struct(record)).as(json(record)).isEqualTo(jsonFormat(json(record)));
        }
    }

    @Test
    void theStructIsWhatJsonFormatReadsOfTheInput() {
        List<JsonRecord> records = read(String.join("\n", CORPUS), Layout.LINES);

        for (int i = 0; i < CORPUS.size(); i++) {
            assertThat(struct(records.get(i))).isEqualTo(jsonFormat(CORPUS.get(i)));
        }
    }

    @Test
    void theStructIsWhatProtobufWrites() {
        for (JsonRecord record : read(String.join("\n", CORPUS), Layout.LINES)) {
            assertThat(record.struct()).isEqualTo(jsonFormat(json(record)).toByteArray());
        }
    }

    @Test
    void theCompactJsonIsTheInputsTree() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonRecord> records = read("[" + String.join(",\n", CORPUS) + "]", Layout.MULTI_LINE);

        for (int i = 0; i < CORPUS.size(); i++) {
            assertThat(mapper.readTree(records.get(i).json())).isEqualTo(mapper.readTree(CORPUS.get(i)));
            assertThat(json(records.get(i))).doesNotContain("\n", "\r");
        }
    }

    private static String keys(int count) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append(i == 0 ? "" : ", ")
                    .append("\"key")
                    .append(i)
                    .append("\": ")
                    .append(i);
        }
        return keys.toString();
    }
}
