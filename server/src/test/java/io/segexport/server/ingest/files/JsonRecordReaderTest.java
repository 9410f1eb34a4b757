package io.segexport.server.ingest.files;

import static io.segexport.server.ingest.files.Records.json;
import static io.segexport.server.ingest.files.Records.jsonFormat;
import static io.segexport.server.ingest.files.Records.read;
import static io.segexport.server.ingest.files.Records.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segexport.server.ingest.files.JsonRecordReader.Layout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordReaderTest {
    @Test
    void readsOneObjectALine() {
        List<JsonRecord> records = read("{\"a\": 1}\n{\"b\": \"x\"}\n", Layout.LINES);

        assertThat(records).extracting(Records::json).containsExactly("{\"a\":1}", "{\"b\":\"x\"}");
        assertThat(records).allMatch(JsonRecord::good);
        assertThat(struct(records.get(1))).isEqualTo(jsonFormat("{\"b\": \"x\"}"));
    }

    @Test
    void readsTheLastLineWithoutALineEnd() {
        assertThat(read("{\"a\":1}\n{\"b\":2}", Layout.LINES))
                .extracting(Records::json)
                .containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void readsTheElementsOfAnArray() {
        List<JsonRecord> records = read("[\n  {\"a\": 1},\n  {\"b\": [true, null]}\n]\n", Layout.MULTI_LINE);

        assertThat(records).extracting(Records::json).containsExactly("{\"a\":1}", "{\"b\":[true,null]}");
    }

    @Test
    void readsObjectsOneAfterTheOther() {
        List<JsonRecord> records = read("{\n \"a\": 1\n}\n{\"b\": 2} {\"c\": 3}", Layout.MULTI_LINE);

        assertThat(records).extracting(Records::json).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void readsAnArrayAsMultiLineWithoutTheFlag() {
        List<JsonRecord> records = read("\n [{\"a\": 1},\n{\"b\": 2}]", Layout.LINES);

        assertThat(records).extracting(Records::json).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(records).extracting(JsonRecord::line).containsExactly(2L, 3L);
    }

    @Test
    void readsLinesEndingInCrLf() {
        List<JsonRecord> records = read("{\"a\":1}\r\n{\"b\":2}\r\n", Layout.LINES);

        assertThat(records).extracting(Records::json).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void skipsBlankLines() {
        List<JsonRecord> records = read("\n{\"a\":1}\n  \t\r\n\n{\"b\":2}\n\n", Layout.LINES);

        assertThat(records).extracting(Records::json).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void numbersTheLinesOfJsonLines() {
        List<JsonRecord> records = read("\n{\"a\":1}\n\nnot json\n{\"b\":2}\n", Layout.LINES);

        assertThat(records).extracting(JsonRecord::line).containsExactly(2L, 4L, 5L);
    }

    @Test
    void numbersTheLinesWhereMultiLineRecordsStart() {
        String text = "[\n{\n \"a\": 1,\n \"b\": \"x\"\n},\n\n  {\"c\": [\n1,\n2]}, {\"d\": 4}\n]";

        assertThat(read(text, Layout.MULTI_LINE)).extracting(JsonRecord::line).containsExactly(2L, 7L, 9L);
    }

    @Test
    void readsAcrossManySmallReads() throws IOException {
        byte[] bytes = "{\"a\": \"one\"}\n[1]\n{\"b\": 2}".getBytes(StandardCharsets.UTF_8);
        try (JsonRecordReader reader =
                new JsonRecordReader(new OneByteAtATime(bytes), Layout.LINES, Records.MAX_BYTES, Records.MAX_DEPTH)) {
            assertThat(json(reader.next())).isEqualTo("{\"a\":\"one\"}");
            assertThat(reader.next().good()).isFalse();
            assertThat(json(reader.next())).isEqualTo("{\"b\":2}");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aMalformedLineIsBadAndTheNextIsRead() {
        List<JsonRecord> records = read("{\"a\": 1, }\n{\"b\": 2}\n", Layout.LINES);

        assertThat(records.get(0).good()).isFalse();
        assertThat(records.get(0).struct()).isNull();
        assertThat(records.get(0).error())
                .startsWith("is not valid JSON: Unexpected character ('}' (code 125))")
                .endsWith(" at column 10");
        assertThat(json(records.get(0))).isEqualTo("{\"a\": 1, }");
        assertThat(json(records.get(1))).isEqualTo("{\"b\":2}");
    }

    @Test
    void aLineThatIsNotAnObjectIsBadAndTheNextIsRead() {
        List<JsonRecord> records = read("{}\n[1, 2]\n\"x\"\n3.5\ntrue\nnull\n{\"b\": 2}\n", Layout.LINES);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly(
                        null,
                        "must be a JSON object, not an array",
                        "must be a JSON object, not a string",
                        "must be a JSON object, not a number",
                        "must be a JSON object, not a boolean",
                        "must be a JSON object, not null",
                        null);
    }

    @Test
    void moreAfterTheObjectOnItsLineIsBad() {
        List<JsonRecord> records = read("{\"a\": 1} {\"b\": 2}\n{\"a\": 1}x\n{\"c\": 3}\n", Layout.LINES);

        assertThat(records.get(0).error()).isEqualTo("is not valid JSON: more after the record at column 10");
        assertThat(records.get(1).error()).startsWith("is not valid JSON: Unrecognized token 'x'");
        assertThat(records.get(2).good()).isTrue();
    }

    @Test
    void aLineLongerThanTheLimitIsBadAndTheNextIsRead() {
        String tooLong = "{\"a\": \"" + "x".repeat(5000) + "\"}";
        byte[] bytes = (tooLong + "\n{\"b\": 2}\n").getBytes(StandardCharsets.UTF_8);

        List<JsonRecord> records = read(bytes, Layout.LINES, 4999, Records.MAX_DEPTH);

        assertThat(records.get(0).error()).isEqualTo("is longer than 4999 bytes");
        assertThat(json(records.get(0))).isEqualTo(tooLong.substring(0, 4096));
        assertThat(json(records.get(1))).isEqualTo("{\"b\":2}");
        assertThat(records.get(1).line()).isEqualTo(2);
    }

    @Test
    void aLineLongerThanTheBufferIsSkippedToItsEnd() {
        String tooLong = "{\"a\": \"" + "x".repeat(300_000) + "\"}";
        byte[] bytes = (tooLong + "\r\n{\"b\": 2}\n").getBytes(StandardCharsets.UTF_8);

        List<JsonRecord> records = read(bytes, Layout.LINES, 1000, Records.MAX_DEPTH);

        assertThat(records).extracting(JsonRecord::error).containsExactly("is longer than 1000 bytes", null);
        assertThat(records.get(1).line()).isEqualTo(2);
    }

    @Test
    void aLineAtTheLimitIsGood() {
        String record = "{\"a\": \"" + "x".repeat(93) + "\"}";

        assertThat(read((record + "\r\n").getBytes(StandardCharsets.UTF_8), Layout.LINES, 102, 32))
                .allMatch(JsonRecord::good);
    }

    @Test
    void aLimitBeyondWhatAnArrayHoldsReadsRecords() {
        byte[] bytes = "{\"a\": 1}\n[{\"b\": 2}]".getBytes(StandardCharsets.UTF_8);

        for (Layout layout : Layout.values()) {
            assertThat(read(bytes, layout, Integer.MAX_VALUE, JsonRecordReader.MAX_DEPTH))
                    .extracting(JsonRecord::error)
                    .containsExactly(null, "must be a JSON object, not an array");
        }
    }

    @Test
    void aRecordNestingDeeperThanTheLimitIsBad() {
        String deep = "{\"a\":{\"b\":[{}]}}";
        String ok = "{\"a\":{\"b\":[1]}}";
        byte[] bytes = (deep + "\n" + ok + "\n[[[[1]]]]\n").getBytes(StandardCharsets.UTF_8);

        List<JsonRecord> records = read(bytes, Layout.LINES, 1000, 3);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly("nests deeper than 3 levels", null, "nests deeper than 3 levels");
    }

    @Test
    void aRepeatedKeyIsBad() {
        List<JsonRecord> records = read(
                "{\"a\": 1, \"a\": 2}\n{\"x\": {\"b\": 1, \"b\": 1}}\n{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}\n",
                Layout.LINES);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly("has the key \"a\" twice", "has the key \"b\" twice", null);
    }

    @Test
    void aRepeatedKeyAmongManyIsBad() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            many.append("\"k").append(i).append("\": ").append(i).append(", ");
        }
        String record = many + "\"k50\": 0}";

        assertThat(read(record, Layout.LINES))
                .extracting(JsonRecord::error)
                .containsExactly("has the key \"k50\" twice");
    }

    @Test
    void invalidUtf8IsBadAndTheNextLineIsRead() {
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', '\n'};
        byte[] cut = {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}', '\n'};
        byte[] surrogate = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}', '\n'};
        byte[] good = "{\"b\": \"\u00e9\u20ac\ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8);

        List<JsonRecord> records = read(concat(overlong, cut, surrogate, good), Layout.LINES, 1000, 32);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly("is not valid UTF-8", "is not valid UTF-8", "is not valid UTF-8", null);
        assertThat(struct(records.get(3))).isEqualTo(jsonFormat("{\"b\": \"\u00e9\u20ac\ud83d\ude00\"}"));
    }

    @Test
    void aLoneSurrogateEscapeIsBad() {
        List<JsonRecord> records =
                read("{\"a\": \"\\ud800\"}\n{\"\\udc00\": 1}\n{\"b\": \"\\ud83d\\ude00\"}", Layout.LINES);

        assertThat(records.get(0).error()).isEqualTo("has a string that is not valid Unicode (a lone surrogate)");
        // Jackson finds it in a key itself.
        assertThat(records.get(1).error())
                .isEqualTo("is not valid JSON: Invalid UTF-8: Illegal surrogate character 0xdc00 at column 10");
        assertThat(records.get(2).good()).isTrue();
    }

    @Test
    void nulBytesAreNotValidJson() {
        byte[] bytes = {'{', 0, '}', 0, '\n', '{', '}', '\n'};

        List<JsonRecord> records = read(bytes, Layout.LINES, 1000, 32);

        assertThat(records.get(0).error()).isEqualTo("is not valid JSON: Illegal character (NUL) at column 2");
        assertThat(records.get(1).good()).isTrue();
    }

    @Test
    void multiLineStopsAfterAMalformedRecord() {
        List<JsonRecord> records = read("[{\"a\": 1},\n {\"b\":\n 2,,},\n {\"c\": 3}]", Layout.MULTI_LINE);

        assertThat(records).hasSize(2);
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(1).error())
                .startsWith("is not valid JSON: Unexpected character (','")
                .endsWith(" at line 3, column 4");
        assertThat(json(records.get(1))).isEqualTo("{\"b\":  2,,}");
    }

    @Test
    void multiLineStopsAtAMissingComma() {
        List<JsonRecord> records = read("[{\"a\": 1} {\"b\": 2}, {\"c\": 3}]", Layout.MULTI_LINE);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly(null, "is not valid JSON: expected ',' or ']' before it");
    }

    @Test
    void multiLineReportsAnArrayNotClosed() {
        List<JsonRecord> records = read("[{\"a\": 1},\n{\"b\": 2", Layout.MULTI_LINE);

        assertThat(records.get(1).error()).startsWith("is not valid JSON: Unexpected end-of-input");
        assertThat(read("[{\"a\": 1}", Layout.MULTI_LINE))
                .extracting(JsonRecord::error)
                .containsExactly(null, "is not valid JSON: the array is not closed");
    }

    @Test
    void multiLineStopsAtMoreAfterTheArray() {
        assertThat(read("[{\"a\": 1}] {\"b\": 2}", Layout.MULTI_LINE))
                .extracting(JsonRecord::error)
                .containsExactly(null, "is not valid JSON: more after the array's end");
    }

    @Test
    void multiLineGoesOnAfterAnElementThatIsNotAnObject() {
        List<JsonRecord> records = read("[1, \"x\", [2, {\"y\": 3}], {\"a\": 1}]", Layout.MULTI_LINE);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly(
                        "must be a JSON object, not a number",
                        "must be a JSON object, not a string",
                        "must be a JSON object, not an array",
                        null);
    }

    @Test
    void multiLineGoesOnAfterARepeatedKeyOrTooDeep() {
        List<JsonRecord> records =
                read("[{\"a\": 1, \"a\": 1}, {\"b\": " + "[".repeat(40) + "]".repeat(40) + "}, {}]", Layout.MULTI_LINE);

        assertThat(records)
                .extracting(JsonRecord::error)
                .containsExactly("has the key \"a\" twice", "nests deeper than 32 levels", null);
    }

    @Test
    void multiLineStopsAfterARecordTooLong() {
        byte[] bytes = ("[{\"a\": \"" + "x".repeat(200_000) + "\"}, {\"b\": 1}]").getBytes(StandardCharsets.UTF_8);

        List<JsonRecord> records = read(bytes, Layout.MULTI_LINE, 1000, 32);

        assertThat(records).extracting(JsonRecord::error).containsExactly("is longer than 1000 bytes");
        assertThat(records.get(0).json()).hasSize(4096);
    }

    @Test
    void aBadRecordsBytesAreOnOneLine() {
        List<JsonRecord> records = read("{\"a\":\n1,\r\n}", Layout.MULTI_LINE);

        assertThat(json(records.get(0))).isEqualTo("{\"a\": 1,  }");
    }

    @Test
    void anEmptyFileOrArrayHasNoRecords() {
        for (Layout layout : Layout.values()) {
            assertThat(read("", layout)).isEmpty();
            assertThat(read(" \n\r\n", layout)).isEmpty();
            assertThat(read(" [ \n ] \n", layout)).isEmpty();
        }
    }

    @Test
    void theCompactJsonKeepsTheKeysInInputOrder() {
        assertThat(read("{ \"z\" : 1 , \"a\" : { \"y\" : [ ] , \"b\" : { } } }", Layout.LINES))
                .extracting(Records::json)
                .containsExactly("{\"z\":1,\"a\":{\"y\":[],\"b\":{}}}");
    }

    @Test
    void errorsOfTheInputStreamAreThrown() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        JsonRecordReader reader = new JsonRecordReader(failing, Layout.LINES, 1000, 32);

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** A stream that hands out one byte a read, as a slow network might. */
    private static final class OneByteAtATime extends ByteArrayInputStream {
        OneByteAtATime(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
