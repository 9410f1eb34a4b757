package io.segexport.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed in aligned columns, two spaces apart; numeric columns are right-aligned so that
 * their digits line up, and lines carry no trailing blanks. A long listing may be printed in parts:
 * {@link #print} prints the rows added since the last call, and column widths only ever grow, so
 * the parts stay aligned unless a later row is wider than all before it.
 */
final class Table {
    /** How a column's cells are aligned. */
    enum Align {
        LEFT,
        RIGHT
    }

    private final Align[] aligns;
    private final int[] widths;
    private final List<String[]> pending = new ArrayList<>();

    private Table(Align... aligns) {
        this.aligns = aligns;
        this.widths = new int[aligns.length];
    }

    /** A table whose first row is this header; a column is right-aligned when its name is in {@code numeric}. */
    static Table withHeader(List<String> header, List<String> numeric) {
        Table table = new Table(header.stream()
                .map(name -> numeric.contains(name) ? Align.RIGHT : Align.LEFT)
                .toArray(Align[]::new));
        return table.row(header.toArray(String[]::new));
    }

    /** Name/value pairs of one object, one pair a line, the values aligned. */
    static Table pairs() {
        return new Table(Align.LEFT, Align.LEFT);
    }

    Table row(String... cells) {
        if (cells.length != aligns.length) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + aligns.length + " columns");
        }
        for (int i = 0; i < cells.length; i++) {
            widths[i] = Math.max(widths[i], cells[i].length());
        }
        pending.add(cells);
        return this;
    }

    /** Prints the rows added since the last call. */
    void print(PrintWriter out) {
        for (String[] row : pending) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String padding = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ");
                line.append(aligns[i] == Align.RIGHT ? padding + row[i] : row[i] + padding);
            }
            out.println(line.toString().stripTrailing());
        }
        pending.clear();
        out.flush();
    }
}
