package io.segexport.client.cli;

import java.util.Locale;

/**
 * What a progress display counts: things with a name ("profiles", "records"), grouped by thousands,
 * or bytes, in binary multiples.
 */
record Unit(String noun, boolean bytes) {
    static final Unit BYTES = new Unit("B", true);

    static Unit of(String noun) {
        return new Unit(noun, false);
    }

    /** {@code 1,234 records}, {@code 1 record} or {@code 1.5 MiB}. */
    String amount(long n) {
        return bytes
                ? bytes(n)
                : count(n) + " " + (n == 1 && noun.endsWith("s") ? noun.substring(0, noun.length() - 1) : noun);
    }

    /** {@code 1,234/10,000 records} or {@code 1.5 MiB/3.0 MiB}. */
    String ratio(long done, long total) {
        return bytes ? bytes(done) + "/" + bytes(total) : count(done) + "/" + count(total) + " " + noun;
    }

    /** {@code 530 records/s} or {@code 1.5 MiB/s}. */
    String rate(double perSecond) {
        return amount(Math.round(perSecond)) + "/s";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
