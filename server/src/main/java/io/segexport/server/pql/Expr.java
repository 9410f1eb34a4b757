package io.segexport.server.pql;

import java.time.temporal.ChronoUnit;
import java.util.List;

/** A parsed PQL expression: the tree {@link Parser} builds and the evaluator walks. */
public sealed interface Expr {
    /** A comparison operator, as written. */
    enum Op {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** A function called on a value, e.g. {@code homeAddress.city.startsWith("San")}. */
    enum Function {
        CONTAINS(1),
        STARTS_WITH(1),
        ENDS_WITH(1),
        EXISTS(0),
        IS_NULL(0),
        IS_NOT_NULL(0);

        private final int arguments;

        Function(int arguments) {
            this.arguments = arguments;
        }

        public int arguments() {
            return arguments;
        }
    }

    /**
     * {@code a or b or c}: a chain is one node, not a nest of pairs, so that however long it is, it
     * is walked in a loop and cannot overflow the stack.
     */
    record Or(List<Expr> operands) implements Expr {}

    /** {@code a and b and c}, one node as {@link Or}. */
    record And(List<Expr> operands) implements Expr {}

    record Not(Expr operand) implements Expr {}

    record Compare(Expr left, Op op, Expr right) implements Expr {}

    record In(Expr value, List<Expr> options) implements Expr {}

    record Call(Expr target, Function function, List<Expr> arguments) implements Expr {}

    /** {@code xEvent.any(condition)} ({@code all} false) or {@code xEvent.all(condition)}. */
    record Quantified(Path events, boolean all, Expr condition) implements Expr {}

    /** {@code time occurs <= 7 days before now}: how long before now the time falls, compared. */
    record Occurs(Expr time, Op op, long amount, ChronoUnit unit) implements Expr {}

    /** An attribute path, e.g. {@code person.name.firstName}. */
    record Path(List<String> names) implements Expr {}

    record Text(String value) implements Expr {}

    record Number(double value) implements Expr {}

    record Bool(boolean value) implements Expr {}

    record Now() implements Expr {}
}
