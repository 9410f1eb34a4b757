package io.segexport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Range headers as ReadFile offsets and lengths (RFC 9110, section 14.2). */
class ByteRangeTest {
    @Test
    void aClosedRangeIsItsFirstByteAndItsLength() {
        assertThat(ByteRange.parse("bytes=3-9")).contains(new ByteRange(3, 7L));
        assertThat(ByteRange.parse("bytes=0-0")).contains(new ByteRange(0, 1L));
    }

    @Test
    void anOpenRangeHasNoLength() {
        assertThat(ByteRange.parse("bytes=10-")).contains(new ByteRange(10, null));
    }

    @Test
    void aSuffixRangeIsANegativeOffset() {
        assertThat(ByteRange.parse("bytes=-500")).contains(new ByteRange(-500, null));
    }

    @Test
    void anEmptySuffixReadsNothing() {
        assertThat(ByteRange.parse("bytes=-0")).contains(new ByteRange(0, 0L));
    }

    @Test
    void theUnitIsCaseInsensitiveAndSurroundingBlanksAreAllowed() {
        assertThat(ByteRange.parse("BYTES=1-2")).contains(new ByteRange(1, 2L));
        assertThat(ByteRange.parse(" bytes= 1-2 ")).contains(new ByteRange(1, 2L));
    }

    @Test
    void positionsTooLargeForALongAreTheLargest() {
        assertThat(ByteRange.parse("bytes=99999999999999999999-")).contains(new ByteRange(Long.MAX_VALUE, null));
        assertThat(ByteRange.parse("bytes=0-99999999999999999999")).contains(new ByteRange(0, Long.MAX_VALUE));
        assertThat(ByteRange.parse("bytes=-99999999999999999999")).contains(new ByteRange(-Long.MAX_VALUE, null));
        assertThat(ByteRange.parse("bytes=0000000000000000000000012-13")).contains(new ByteRange(12, 2L));
    }

    @Test
    void noHeaderAndHeadersToIgnoreAreEmpty() {
        assertThat(ByteRange.parse(null)).isEmpty();
        for (String header : List.of(
                "",
                "bytes=",
                "bytes=-",
                "bytes=abc",
                "bytes=9-3",
                "items=0-5",
                "bytes 0-5",
                "bytes=0-1,4-5",
                "bytes=1.5-3",
                "bytes=--3",
                "bytes=+1-2",
                "bytes=0x10-",
                "bytes=１-2")) {
            assertThat(ByteRange.parse(header)).as(header).isEmpty();
        }
    }
}
