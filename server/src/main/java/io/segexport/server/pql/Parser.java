package io.segexport.server.pql;

import io.segexport.server.pql.Token.Kind;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser of the PQL subset, one method per grammar rule, lowest precedence first:
 *
 * <pre>
 * expression := and ("or" and)*
 * and        := not ("and" not)*
 * not        := "not" not | predicate
 * predicate  := operand [ comparison operand | "in" list | "occurs" comparison NUMBER unit "before" "now" ]
 * operand    := primary ("." NAME [ "(" [ expression ("," expression)* ] ")" ])*
 * primary    := STRING | NUMBER | "true" | "false" | "now" | list | "(" expression ")" | NAME
 * list       := "[" [ operand ("," operand)* ] "]"
 * comparison := "=" | "!=" | "<" | "<=" | ">" | ">="
 * unit       := "minutes" | "hours" | "days" | "weeks" (or the singular)
 * </pre>
 */
public final class Parser {
    /** The largest amount of a time window: a million weeks is about 19,000 years, far from overflowing a Duration. */
    static final int MAX_OCCURS_AMOUNT = 1_000_000;
    /** The name of the profile's ExperienceEvents, the one list that any() and all() range over. */
    private static final String EVENTS = "xEvent";

    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "in", "occurs", "before", "now", "true", "false");
    private static final Map<String, Expr.Function> FUNCTIONS = Map.of(
            "contains",
            Expr.Function.CONTAINS,
            "startsWith",
            Expr.Function.STARTS_WITH,
            "endsWith",
            Expr.Function.ENDS_WITH,
            "exists",
            Expr.Function.EXISTS,
            "isNull",
            Expr.Function.IS_NULL,
            "isNotNull",
            Expr.Function.IS_NOT_NULL);
    private static final Map<String, ChronoUnit> UNITS = Map.of(
            "minute",
            ChronoUnit.MINUTES,
            "minutes",
            ChronoUnit.MINUTES,
            "hour",
            ChronoUnit.HOURS,
            "hours",
            ChronoUnit.HOURS,
            "day",
            ChronoUnit.DAYS,
            "days",
            ChronoUnit.DAYS,
            "week",
            ChronoUnit.WEEKS,
            "weeks",
            ChronoUnit.WEEKS);

    /**
     * How deeply expressions may nest (in parentheses, function calls and after "not"): parsing, and
     * evaluating the tree, recurse once a level, and a 64 KiB expression of "(" would overflow the stack.
     */
    static final int MAX_NESTING = 100;

    private final List<Token> tokens;
    private int at;
    private int nesting;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The expression's tree, or a {@link PqlSyntaxException} saying where, what was expected and what was found. */
    public static Expr parse(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        Expr expression = parser.expression();
        parser.expect(Kind.END, "\"and\", \"or\" or the end of the expression");
        return expression;
    }

    private Expr expression() {
        nest();
        List<Expr> operands = new ArrayList<>(List.of(and()));
        while (acceptKeyword("or")) {
            operands.add(and());
        }
        nesting--;
        return operands.size() == 1 ? operands.get(0) : new Expr.Or(List.copyOf(operands));
    }

    private Expr and() {
        List<Expr> operands = new ArrayList<>(List.of(not()));
        while (acceptKeyword("and")) {
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new Expr.And(List.copyOf(operands));
    }

    private Expr not() {
        if (acceptKeyword("not")) {
            nest();
            Expr negated = not();
            nesting--;
            return new Expr.Not(negated);
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = operand();
        Expr.Op op = comparison();
        if (op != null) {
            return new Expr.Compare(left, op, operand());
        }
        if (acceptKeyword("in")) {
            return new Expr.In(left, list());
        }
        if (acceptKeyword("occurs")) {
            return occurs(left);
        }
        return left;
    }

    private Expr occurs(Expr time) {
        Expr.Op op = comparison();
        if (op == null) {
            throw expected("a comparison (=, !=, <, <=, >, >=) after \"occurs\"");
        }
        Token amount = expect(Kind.NUMBER, "a whole number of minutes, hours, days or weeks");
        if (!amount.text().matches("[0-9]{1,7}") || Long.parseLong(amount.text()) > MAX_OCCURS_AMOUNT) {
            throw new PqlSyntaxException(
                    amount.position(),
                    "expected a whole number from 0 to " + MAX_OCCURS_AMOUNT + ", found " + amount.described());
        }
        Token unit = peek();
        ChronoUnit chronoUnit = unit.kind() == Kind.IDENTIFIER ? UNITS.get(unit.text()) : null;
        if (chronoUnit == null) {
            throw expected("a unit (minutes, hours, days or weeks)");
        }
        at++;
        expectKeyword("before");
        expectKeyword("now");
        return new Expr.Occurs(time, op, Long.parseLong(amount.text()), chronoUnit);
    }

    private Expr operand() {
        Expr value = primary();
        while (accept(Kind.DOT)) {
            Token name = expect(Kind.IDENTIFIER, "a name after \".\"");
            if (peek().kind() != Kind.LEFT_PAREN) {
                if (!(value instanceof Expr.Path path)) {
                    throw new PqlSyntaxException(
                            name.position(),
                            "expected a function call after \".\" on a value that is no attribute path");
                }
                List<String> names = new ArrayList<>(path.names());
                names.add(name.text());
                value = new Expr.Path(List.copyOf(names));
                continue;
            }
            value = call(value, name);
        }
        return value;
    }

    private Expr call(Expr target, Token name) {
        Token open = expect(Kind.LEFT_PAREN, "\"(\"");
        if (name.text().equals("any") || name.text().equals("all")) {
            if (!(target instanceof Expr.Path events) || !events.names().equals(List.of(EVENTS))) {
                throw new PqlSyntaxException(
                        name.position(),
                        name.text() + "(...) applies to " + EVENTS + ", the profile's ExperienceEvents, only");
            }
            Expr condition = expression();
            expect(Kind.RIGHT_PAREN, "\")\" to close " + name.text() + "( at position " + open.position());
            return new Expr.Quantified(events, name.text().equals("all"), condition);
        }
        Expr.Function function = FUNCTIONS.get(name.text());
        if (function == null) {
            throw new PqlSyntaxException(
                    name.position(),
                    "unknown function " + name.described()
                            + "; the functions are contains, startsWith, endsWith, exists, isNull, isNotNull, any and all");
        }
        List<Expr> arguments = new ArrayList<>();
        if (peek().kind() != Kind.RIGHT_PAREN) {
            do {
                arguments.add(expression());
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RIGHT_PAREN, "\",\" or \")\" to close " + name.text() + "( at position " + open.position());
        if (arguments.size() != function.arguments()) {
            throw new PqlSyntaxException(
                    name.position(),
                    name.text() + "(...) takes " + function.arguments()
                            + (function.arguments() == 1 ? " argument" : " arguments") + ", not " + arguments.size());
        }
        return new Expr.Call(target, function, List.copyOf(arguments));
    }

    private Expr primary() {
        Token token = peek();
        switch (token.kind()) {
            case STRING -> {
                at++;
                return new Expr.Text(token.text());
            }
            case NUMBER -> {
                at++;
                return new Expr.Number(Double.parseDouble(token.text()));
            }
            case LEFT_BRACKET -> throw expected("a value (a list goes only after \"in\")");
            case LEFT_PAREN -> {
                at++;
                Expr inner = expression();
                expect(Kind.RIGHT_PAREN, "\")\" to close \"(\" at position " + token.position());
                return inner;
            }
            case IDENTIFIER -> {
                at++;
                return switch (token.text()) {
                    case "true" -> new Expr.Bool(true);
                    case "false" -> new Expr.Bool(false);
                    case "now" -> new Expr.Now();
                    default -> {
                        if (KEYWORDS.contains(token.text())) {
                            at--;
                            throw expected("a value or an attribute path");
                        }
                        yield new Expr.Path(List.of(token.text()));
                    }
                };
            }
            default -> throw expected("a value or an attribute path");
        }
    }

    private List<Expr> list() {
        expect(Kind.LEFT_BRACKET, "\"[\" to start the list after \"in\"");
        List<Expr> options = new ArrayList<>();
        if (!accept(Kind.RIGHT_BRACKET)) {
            do {
                options.add(operand());
            } while (accept(Kind.COMMA));
            expect(Kind.RIGHT_BRACKET, "\",\" or \"]\" to close the list");
        }
        return List.copyOf(options);
    }

    /** One level deeper, or a {@link PqlSyntaxException} at the token that goes past {@link #MAX_NESTING}. */
    private void nest() {
        if (++nesting > MAX_NESTING) {
            throw new PqlSyntaxException(
                    peek().position(),
                    "expected at most " + MAX_NESTING
                            + " levels of nesting (parentheses, function calls and \"not\"), found "
                            + peek().described()
                            + " one level deeper");
        }
    }

    private Expr.Op comparison() {
        Expr.Op op = switch (peek().kind()) {
            case EQUAL -> Expr.Op.EQ;
            case NOT_EQUAL -> Expr.Op.NE;
            case LESS -> Expr.Op.LT;
            case LESS_OR_EQUAL -> Expr.Op.LE;
            case GREATER -> Expr.Op.GT;
            case GREATER_OR_EQUAL -> Expr.Op.GE;
            default -> null;
        };
        if (op != null) {
            at++;
        }
        return op;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            at++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            at++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String expected) {
        Token token = peek();
        if (token.kind() != kind) {
            throw expected(expected);
        }
        at++;
        return token;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw expected("\"" + keyword + "\"");
        }
    }

    private PqlSyntaxException expected(String what) {
        Token found = peek();
        return new PqlSyntaxException(found.position(), "expected " + what + ", found " + found.described());
    }
}
