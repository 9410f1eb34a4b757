package io.segexport.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures of a run, in the order they were measured, printed as one table. */
final class Report {
    private final List<Figure> figures = new ArrayList<>();

    /** Adds a figure to the table and returns it, for its samples. */
    Figure add(Figure figure) {
        figures.add(figure);
        return figure;
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    void print(PrintStream out) {
        String[] header = {"figure", "median", "min", "max", "goal", "met"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (Figure figure : figures) {
            Stats stats = figure.stats();
            rows.add(new String[] {
                figure.name(),
                figure.format(stats.median()),
                figure.format(stats.min()),
                figure.format(stats.max()),
                figure.goalText(),
                figure.met().map(met -> met ? "yes" : "NO").orElse("")
            });
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(rows.get(r), widths));
            if (r == 0) {
                String[] rule = new String[header.length];
                for (int i = 0; i < rule.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                out.println(line(rule, widths));
            }
        }
    }

    /** The name left-aligned, the numbers right-aligned, the goal and verdict left-aligned. */
    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean number = i >= 1 && i <= 3;
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(i == 0 ? "" : " | ")
                    .append(number ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        return line.toString().stripTrailing();
    }
}
