package io.segexport.server.ingest.files;

import static io.segexport.server.ingest.files.Records.json;
import static io.segexport.server.ingest.files.Records.jsonFormat;
import static io.segexport.server.ingest.files.Records.struct;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.segexport.server.ingest.files.JsonRecordReader.Layout;

/** Any uploaded file, in either layout: read to its end as good and bad records, without an exception. */
class JsonRecordReaderFuzzTest {
    /** Small limits, so that the fuzzer reaches them. */
    private static final int MAX_BYTES = 300;

    private static final int MAX_DEPTH = 6;

    @FuzzTest
    void anyFileReadsAsGoodAndBadRecords(byte @NotNull [] file) {
        for (Layout layout : Layout.values()) {
            long line = 0;
            for (JsonRecord record : Records.read(file, layout, MAX_BYTES, MAX_DEPTH)) {
                assertThat(record.line()).isGreaterThanOrEqualTo(Math.max(line, 1));
                line = record.line();
                assertThat(json(record)).doesNotContain("\n", "\r");
                if (record.good()) {
                    assertThat(struct(record)).isEqualTo(jsonFormat(json(record)));
                } else {
                    assertThat(record.struct()).isNull();
                    assertThat(record.json()).hasSizeLessThanOrEqualTo(Frame.RAW_BYTES);
                }
            }
        }
    }
}
