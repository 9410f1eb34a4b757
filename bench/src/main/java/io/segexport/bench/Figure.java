package io.segexport.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One measured figure: its name, how its values print, its goal if it has one, and its samples. */
final class Figure {
    private final String name;
    private final String format;
    private final Goal goal;
    private final String note;
    private final List<Double> samples = new ArrayList<>();

    private Figure(String name, String format, Goal goal, String note) {
        this.name = name;
        this.format = format;
        this.goal = goal;
        this.note = note;
    }

    /** A figure without a goal; {@code note} (may be empty) stands in the goal column. */
    static Figure of(String name, String format, String note) {
        return new Figure(name, format, null, note);
    }

    static Figure withGoal(String name, String format, Goal goal) {
        return new Figure(name, format, goal, "");
    }

    void add(double sample) {
        samples.add(sample);
    }

    String name() {
        return name;
    }

    Stats stats() {
        return Stats.of(samples);
    }

    String format(double value) {
        return String.format(format, value);
    }

    String goalText() {
        return goal == null ? note : goal.text();
    }

    /** "yes" or "no" against the goal; empty without one. */
    Optional<Boolean> met() {
        return goal == null ? Optional.empty() : Optional.of(goal.metBy(stats().median()));
    }
}
