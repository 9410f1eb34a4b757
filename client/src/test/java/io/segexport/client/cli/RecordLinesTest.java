package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordLinesTest {
    @Test
    void indexesMapBackToTheirLinesAcrossSkippedLines() {
        RecordLines lines = new RecordLines();
        for (long line : new long[] {1, 2, 3, 5, 6, 9, 40, 41}) {
            lines.add(line);
        }
        assertThat(lines.lineOf(0)).isEqualTo(1);
        assertThat(lines.lineOf(2)).isEqualTo(3);
        assertThat(lines.lineOf(3)).isEqualTo(5);
        assertThat(lines.lineOf(4)).isEqualTo(6);
        assertThat(lines.lineOf(5)).isEqualTo(9);
        assertThat(lines.lineOf(6)).isEqualTo(40);
        assertThat(lines.lineOf(7)).isEqualTo(41);
    }

    @Test
    void manyRunsGrowTheTable() {
        RecordLines lines = new RecordLines();
        for (long i = 0; i < 1000; i++) {
            lines.add(i * 2 + 1);
        }
        assertThat(lines.lineOf(999)).isEqualTo(1999);
        assertThat(lines.lineOf(500)).isEqualTo(1001);
    }

    @Test
    void anIndexNeverSentIsABug() {
        RecordLines lines = new RecordLines();
        lines.add(1);
        assertThatThrownBy(() -> lines.lineOf(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
