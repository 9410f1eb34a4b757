package io.segexport.server.pql;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a profile (its merged attributes and its ExperienceEvents) satisfies a parsed
 * expression at a given time. Missing attributes and values of the wrong type never match: a
 * comparison, a function or {@code in} on them is false (so is {@code !=}); {@code isNull()} is true
 * for a missing or null attribute. {@code all(...)} over no events is true, {@code any(...)} false.
 */
public final class Evaluator {
    private final Expr expression;

    private Evaluator(Expr expression) {
        this.expression = expression;
    }

    /** The evaluator of a PQL expression, parsed once; a {@link PqlSyntaxException} if it does not parse. */
    public static Evaluator of(String pql) {
        return new Evaluator(Parser.parse(pql));
    }

    /** Whether the expression looks at events (any/all): when not, {@link #qualifies} needs none read. */
    public boolean readsEvents() {
        return readsEvents(expression);
    }

    private static boolean readsEvents(Expr expression) {
        if (expression instanceof Expr.Quantified) {
            return true;
        }
        if (expression instanceof Expr.Or or) {
            return or.operands().stream().anyMatch(Evaluator::readsEvents);
        }
        if (expression instanceof Expr.And and) {
            return and.operands().stream().anyMatch(Evaluator::readsEvents);
        }
        if (expression instanceof Expr.Not not) {
            return readsEvents(not.operand());
        }
        if (expression instanceof Expr.Compare compare) {
            return readsEvents(compare.left()) || readsEvents(compare.right());
        }
        if (expression instanceof Expr.In in) {
            return readsEvents(in.value()) || in.options().stream().anyMatch(Evaluator::readsEvents);
        }
        if (expression instanceof Expr.Call call) {
            return readsEvents(call.target()) || call.arguments().stream().anyMatch(Evaluator::readsEvents);
        }
        if (expression instanceof Expr.Occurs occurs) {
            return readsEvents(occurs.time());
        }
        return false;
    }

    /** Whether the profile qualifies at {@code now}; inside any/all, paths read the event first, then the profile. */
    public boolean qualifies(Struct profile, List<Struct> events, Instant now) {
        return test(expression, new Scope(profile, null, events, now));
    }

    private record Scope(Struct profile, Struct event, List<Struct> events, Instant now) {
        Value lookup(List<String> names) {
            if (event != null) {
                Value inEvent = find(event, names);
                if (inEvent != null) {
                    return inEvent;
                }
            }
            return find(profile, names);
        }

        private static Value find(Struct struct, List<String> names) {
            Value value = null;
            Struct at = struct;
            for (String name : names) {
                if (at == null) {
                    return null;
                }
                value = at.getFieldsMap().get(name);
                if (value == null) {
                    return null;
                }
                at = value.hasStructValue() ? value.getStructValue() : null;
            }
            return value;
        }
    }

    private static boolean test(Expr expression, Scope scope) {
        if (expression instanceof Expr.Or or) {
            for (Expr operand : or.operands()) {
                if (test(operand, scope)) {
                    return true;
                }
            }
            return false;
        }
        if (expression instanceof Expr.And and) {
            for (Expr operand : and.operands()) {
                if (!test(operand, scope)) {
                    return false;
                }
            }
            return true;
        }
        if (expression instanceof Expr.Not not) {
            return !test(not.operand(), scope);
        }
        if (expression instanceof Expr.Compare compare) {
            return compare(value(compare.left(), scope), compare.op(), value(compare.right(), scope));
        }
        if (expression instanceof Expr.In in) {
            Object value = value(in.value(), scope);
            return value != null
                    && in.options().stream().anyMatch(option -> compare(value, Expr.Op.EQ, value(option, scope)));
        }
        if (expression instanceof Expr.Call call) {
            return call(call, scope);
        }
        if (expression instanceof Expr.Quantified quantified) {
            return quantified(quantified, scope);
        }
        if (expression instanceof Expr.Occurs occurs) {
            return occurs(occurs, scope);
        }
        // A lone value is a condition only when it is true: `optIn`, `true`.
        return Boolean.TRUE.equals(value(expression, scope));
    }

    /** A value as Java sees it: String, Double, Boolean or Instant (now); null when missing or JSON null. */
    private static Object value(Expr expression, Scope scope) {
        if (expression instanceof Expr.Text text) {
            return text.value();
        }
        if (expression instanceof Expr.Number number) {
            return number.value();
        }
        if (expression instanceof Expr.Bool bool) {
            return bool.value();
        }
        if (expression instanceof Expr.Now) {
            return scope.now();
        }
        if (expression instanceof Expr.Path path) {
            return plain(scope.lookup(path.names()));
        }
        return test(expression, scope);
    }

    private static Object plain(Value value) {
        if (value == null) {
            return null;
        }
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case NUMBER_VALUE -> value.getNumberValue();
            case BOOL_VALUE -> value.getBoolValue();
            case NULL_VALUE, KIND_NOT_SET -> null;
            case STRUCT_VALUE -> value.getStructValue();
            case LIST_VALUE -> value.getListValue();
        };
    }

    private static boolean compare(Object left, Expr.Op op, Object right) {
        if (left == null || right == null) {
            return false;
        }
        if (left instanceof Instant || right instanceof Instant) {
            Instant a = instant(left);
            Instant b = instant(right);
            return a != null && b != null && ordered(a.compareTo(b), op);
        }
        if (left instanceof Double a && right instanceof Double b) {
            return ordered(Double.compare(a, b), op);
        }
        if (left instanceof String a && right instanceof String b) {
            return ordered(a.compareTo(b), op);
        }
        if (left instanceof Boolean && right instanceof Boolean) {
            return switch (op) {
                case EQ -> left.equals(right);
                case NE -> !left.equals(right);
                default -> false;
            };
        }
        return false;
    }

    private static boolean ordered(int comparison, Expr.Op op) {
        return switch (op) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
        };
    }

    /** An RFC 3339 time, or now itself; null for anything else. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean call(Expr.Call call, Scope scope) {
        Object target = value(call.target(), scope);
        return switch (call.function()) {
            case EXISTS, IS_NOT_NULL -> target != null;
            case IS_NULL -> target == null;
            case CONTAINS, STARTS_WITH, ENDS_WITH -> {
                Object argument = value(call.arguments().get(0), scope);
                if (!(target instanceof String text) || !(argument instanceof String part)) {
                    yield false;
                }
                yield switch (call.function()) {
                    case CONTAINS -> text.contains(part);
                    case STARTS_WITH -> text.startsWith(part);
                    default -> text.endsWith(part);
                };
            }
        };
    }

    private static boolean quantified(Expr.Quantified quantified, Scope scope) {
        List<Struct> events = scope.events();
        Objects.requireNonNull(events, "events");
        if (quantified.all()) {
            return events.stream()
                    .allMatch(event ->
                            test(quantified.condition(), new Scope(scope.profile(), event, events, scope.now())));
        }
        return events.stream()
                .anyMatch(
                        event -> test(quantified.condition(), new Scope(scope.profile(), event, events, scope.now())));
    }

    /** How long before now the time falls (never after now), compared with the window. */
    private static boolean occurs(Expr.Occurs occurs, Scope scope) {
        Instant time = instant(value(occurs.time(), scope));
        if (time == null || time.isAfter(scope.now())) {
            return false;
        }
        Duration before = Duration.between(time, scope.now());
        Duration window = occurs.unit().getDuration().multipliedBy(occurs.amount());
        return ordered(before.compareTo(window), occurs.op());
    }
}
