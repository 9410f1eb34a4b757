package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    private final StringWriter out = new StringWriter();

    @Test
    void columnsAreAlignedNumbersOnTheRightWithoutTrailingBlanks() {
        Table.withHeader(List.of("ID", "STATUS", "ROWS"), List.of("ID", "ROWS"))
                .row("7", "SUCCEEDED", "1,300")
                .row("12", "NEW", "0")
                .print(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo("""
                ID  STATUS      ROWS
                 7  SUCCEEDED  1,300
                12  NEW            0
                """);
    }

    @Test
    void pairsAlignTheirValues() {
        Table.pairs()
                .row("id", "7")
                .row("merge policy", "timestampOrdered-none-mp v1")
                .print(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo("""
                id            7
                merge policy  timestampOrdered-none-mp v1
                """);
    }

    @Test
    void aTablePrintedInPartsKeepsItsColumnWidths() {
        PrintWriter writer = new PrintWriter(out);
        Table table = Table.withHeader(List.of("ID", "STATUS"), List.of("ID"));
        table.row("100", "SUCCEEDED").print(writer);
        table.row("9", "NEW").print(writer);
        assertThat(out.toString()).isEqualTo("""
                 ID  STATUS
                100  SUCCEEDED
                  9  NEW
                """);
    }

    @Test
    void aRowOfTheWrongWidthIsABug() {
        assertThatThrownBy(() -> Table.pairs().row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
