package io.segexport.bench;

/** A figure's goal: at least or at most a value, judged on the median. */
record Goal(boolean atLeast, double value, String text) {
    static Goal atLeast(double value, String format) {
        return new Goal(true, value, ">= " + String.format(format, value));
    }

    static Goal atMost(double value, String format) {
        return new Goal(false, value, "<= " + String.format(format, value));
    }

    boolean metBy(double median) {
        return atLeast ? median >= value : median <= value;
    }
}
