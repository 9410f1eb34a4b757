package io.segexport.client.cli;

import java.time.Duration;

/**
 * One state of a long task as a line of text: done (of total, with a bar and a percentage when the
 * total is known), the rate, the time left, and a note.
 *
 * @param total      0 when unknown
 * @param perSecond  the rate so far; 0 when not known yet
 */
record ProgressLine(String label, Unit unit, long done, long total, double perSecond, String note) {
    private static final int BAR_WIDTH = 20;

    String text(boolean withBar) {
        StringBuilder line = new StringBuilder(label);
        if (total > 0) {
            if (withBar) {
                line.append(' ').append(bar());
            }
            line.append(' ')
                    .append(unit.ratio(done, total))
                    .append(' ')
                    .append(percent())
                    .append('%');
        } else {
            line.append(' ').append(unit.amount(done));
        }
        if (perSecond > 0) {
            line.append(", ").append(unit.rate(perSecond));
            if (total > done) {
                long millisLeft = (long) ((total - done) * 1000 / perSecond);
                line.append(", ")
                        .append(TimeFormat.duration(Duration.ofMillis(millisLeft)))
                        .append(" left");
            }
        }
        if (!note.isEmpty()) {
            line.append(" (").append(note).append(')');
        }
        return line.toString();
    }

    private long percent() {
        return Math.min(100, done * 100 / total);
    }

    private String bar() {
        int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }
}
