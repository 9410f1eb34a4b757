package io.segexport.server.pql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segexport.server.pql.Expr.And;
import io.segexport.server.pql.Expr.Bool;
import io.segexport.server.pql.Expr.Call;
import io.segexport.server.pql.Expr.Compare;
import io.segexport.server.pql.Expr.Function;
import io.segexport.server.pql.Expr.In;
import io.segexport.server.pql.Expr.Not;
import io.segexport.server.pql.Expr.Now;
import io.segexport.server.pql.Expr.Number;
import io.segexport.server.pql.Expr.Occurs;
import io.segexport.server.pql.Expr.Op;
import io.segexport.server.pql.Expr.Or;
import io.segexport.server.pql.Expr.Path;
import io.segexport.server.pql.Expr.Quantified;
import io.segexport.server.pql.Expr.Text;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {
    private static Path path(String... names) {
        return new Path(List.of(names));
    }

    @Test
    void anAttributePathComparedToAString() {
        assertThat(Parser.parse("person.name.firstName = \"John\""))
                .isEqualTo(new Compare(path("person", "name", "firstName"), Op.EQ, new Text("John")));
    }

    @ParameterizedTest
    @CsvSource({"=,EQ", "!=,NE", "<,LT", "<=,LE", ">,GT", ">=,GE"})
    void everyComparisonOperator(String symbol, Op op) {
        assertThat(Parser.parse("age " + symbol + " 30")).isEqualTo(new Compare(path("age"), op, new Number(30)));
    }

    @Test
    void numbersBooleansAndNowAreValues() {
        assertThat(Parser.parse("score >= -1.5")).isEqualTo(new Compare(path("score"), Op.GE, new Number(-1.5)));
        assertThat(Parser.parse("optIn = true")).isEqualTo(new Compare(path("optIn"), Op.EQ, new Bool(true)));
        assertThat(Parser.parse("optIn != false")).isEqualTo(new Compare(path("optIn"), Op.NE, new Bool(false)));
        assertThat(Parser.parse("birthDate < now")).isEqualTo(new Compare(path("birthDate"), Op.LT, new Now()));
    }

    @Test
    void stringEscapes() {
        assertThat(Parser.parse("name = \"a\\\"b\\\\c\\n\""))
                .isEqualTo(new Compare(path("name"), Op.EQ, new Text("a\"b\\c\n")));
    }

    @Test
    void stringFunctions() {
        assertThat(Parser.parse("homeAddress.city.startsWith(\"San\")"))
                .isEqualTo(new Call(path("homeAddress", "city"), Function.STARTS_WITH, List.of(new Text("San"))));
        assertThat(Parser.parse("email.endsWith(\"@example.com\")"))
                .isEqualTo(new Call(path("email"), Function.ENDS_WITH, List.of(new Text("@example.com"))));
        assertThat(Parser.parse("name.contains(\"an\")"))
                .isEqualTo(new Call(path("name"), Function.CONTAINS, List.of(new Text("an"))));
    }

    @Test
    void presenceFunctions() {
        assertThat(Parser.parse("mobilePhone.exists()"))
                .isEqualTo(new Call(path("mobilePhone"), Function.EXISTS, List.of()));
        assertThat(Parser.parse("mobilePhone.isNull()"))
                .isEqualTo(new Call(path("mobilePhone"), Function.IS_NULL, List.of()));
        assertThat(Parser.parse("mobilePhone.isNotNull()"))
                .isEqualTo(new Call(path("mobilePhone"), Function.IS_NOT_NULL, List.of()));
    }

    @Test
    void inAList() {
        assertThat(Parser.parse("gender in [\"male\", \"female\"]"))
                .isEqualTo(new In(path("gender"), List.of(new Text("male"), new Text("female"))));
        assertThat(Parser.parse("gender in []")).isEqualTo(new In(path("gender"), List.of()));
    }

    @Test
    void occursBeforeNow() {
        assertThat(Parser.parse("timestamp occurs <= 7 days before now"))
                .isEqualTo(new Occurs(path("timestamp"), Op.LE, 7, ChronoUnit.DAYS));
        assertThat(Parser.parse("timestamp occurs > 1 hour before now"))
                .isEqualTo(new Occurs(path("timestamp"), Op.GT, 1, ChronoUnit.HOURS));
    }

    @Test
    void eventConditions() {
        Expr condition = new And(List.of(
                new Compare(path("eventType"), Op.EQ, new Text("commerce.purchases")),
                new Occurs(path("timestamp"), Op.LE, 30, ChronoUnit.DAYS)));
        assertThat(Parser.parse(
                        "xEvent.any(eventType = \"commerce.purchases\" and timestamp occurs <= 30 days before now)"))
                .isEqualTo(new Quantified(path("xEvent"), false, condition));
        assertThat(Parser.parse(
                        "xEvent.all(eventType = \"commerce.purchases\" and timestamp occurs <= 30 days before now)"))
                .isEqualTo(new Quantified(path("xEvent"), true, condition));
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(Parser.parse("a = 1 or b = 2 and c = 3"))
                .isEqualTo(new Or(List.of(
                        new Compare(path("a"), Op.EQ, new Number(1)),
                        new And(List.of(
                                new Compare(path("b"), Op.EQ, new Number(2)),
                                new Compare(path("c"), Op.EQ, new Number(3)))))));
    }

    @Test
    void notBindsTighterThanAnd() {
        assertThat(Parser.parse("not a = 1 and b = 2"))
                .isEqualTo(new And(List.of(
                        new Not(new Compare(path("a"), Op.EQ, new Number(1))),
                        new Compare(path("b"), Op.EQ, new Number(2)))));
    }

    @Test
    void aChainOfOneOperatorIsOneNodeInOrder() {
        assertThat(Parser.parse("a = 1 or b = 2 or c = 3"))
                .isEqualTo(new Or(List.of(
                        new Compare(path("a"), Op.EQ, new Number(1)),
                        new Compare(path("b"), Op.EQ, new Number(2)),
                        new Compare(path("c"), Op.EQ, new Number(3)))));
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(Parser.parse("(a = 1 or b = 2) and not (c = 3)"))
                .isEqualTo(new And(List.of(
                        new Or(List.of(
                                new Compare(path("a"), Op.EQ, new Number(1)),
                                new Compare(path("b"), Op.EQ, new Number(2)))),
                        new Not(new Compare(path("c"), Op.EQ, new Number(3))))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "''                                   | 0  | expected a value or an attribute path, found the end of the expression",
                "'a ='                                | 3  | expected a value or an attribute path, found the end of the expression",
                "'a = 1 b = 2'                        | 6  | expected \"and\", \"or\" or the end of the expression, found \"b\"",
                "'a == 1'                             | 3  | expected a value or an attribute path, found \"=\"",
                "'a ! 1'                              | 3  | expected \"=\" after \"!\"",
                "'a = \"open'                         | 4  | the string is not closed",
                "'a = \"x\\q\"'                       | 6  | unknown escape",
                "'a # 1'                              | 2  | unexpected character \"#\"",
                "'(a = 1'                             | 6  | expected \")\" to close \"(\" at position 0, found the end of the expression",
                "'a = 1)'                             | 5  | expected \"and\", \"or\" or the end of the expression, found \")\"",
                "'a.'                                 | 2  | expected a name after \".\", found the end of the expression",
                "'a.contains('                        | 11 | expected a value or an attribute path, found the end of the expression",
                "'a.b()'                              | 2  | unknown function \"b\"",
                "'a.startsWith()'                     | 2  | startsWith(...) takes 1 argument, not 0",
                "'a.exists(1)'                        | 2  | exists(...) takes 0 arguments, not 1",
                "'a.startsWith(\"x\" \"y\")'          | 17 | expected \",\" or \")\" to close startsWith( at position 12, found the string \"y\"",
                "'a in \"x\"'                         | 5  | expected \"[\" to start the list after \"in\", found the string \"x\"",
                "'a in [1, 2'                         | 10 | expected \",\" or \"]\" to close the list, found the end of the expression",
                "'a in [1,]'                          | 8  | expected a value or an attribute path, found \"]\"",
                "'t occurs 7 days before now'         | 9  | expected a comparison (=, !=, <, <=, >, >=) after \"occurs\", found \"7\"",
                "'t occurs <= days before now'        | 12 | expected a whole number of minutes, hours, days or weeks, found \"days\"",
                "'t occurs <= 1.5 days before now'    | 12 | expected a whole number from 0 to 1000000, found \"1.5\"",
                "'t occurs < 1000001 weeks before now' | 11 | expected a whole number from 0 to 1000000, found \"1000001\"",
                "'a = 3٠'                           | 5  | unexpected character \"٠\"",
                "'t occurs < 99999999999999999999 days before now' | 11 | expected a whole number from 0 to 1000000",
                "'t occurs <= 7 years before now'     | 14 | expected a unit (minutes, hours, days or weeks), found \"years\"",
                "'t occurs <= 7 days now'             | 19 | expected \"before\", found \"now\"",
                "'t occurs <= 7 days before'          | 25 | expected \"now\", found the end of the expression",
                "'a = 1 and'                          | 9  | expected a value or an attribute path, found the end of the expression",
                "'not'                                | 3  | expected a value or an attribute path, found the end of the expression",
                "'and = 1'                            | 0  | expected a value or an attribute path, found \"and\"",
                "'xEvent.any(a = 1'                   | 16 | expected \")\" to close any( at position 10, found the end of the expression",
                "'\"x\".any(a = 1)'                   | 4  | any(...) applies to xEvent, the profile's ExperienceEvents, only",
                "'person.emails.all(a = 1)'          | 14 | all(...) applies to xEvent, the profile's ExperienceEvents, only",
                "'\"x\".y'                            | 4  | expected a function call after \".\" on a value that is no attribute path",
                "'[1] = a'                            | 0  | expected a value (a list goes only after \"in\"), found \"[\"",
            })
    void anInvalidExpressionNamesItsPositionAndWhatWasExpected(String expression, int position, String message) {
        assertThatThrownBy(() -> Parser.parse(expression)).isInstanceOfSatisfying(PqlSyntaxException.class, e -> {
            assertThat(e.position()).isEqualTo(position);
            assertThat(e.getMessage())
                    .startsWith("at position " + position + ": ")
                    .contains(message);
        });
    }

    @Test
    void expressionsNestUpToTheLimit() {
        String parentheses = "(".repeat(Parser.MAX_NESTING - 1) + "a = 1" + ")".repeat(Parser.MAX_NESTING - 1);
        String nots = "not ".repeat(Parser.MAX_NESTING - 1) + "a = 1";

        assertThat(Parser.parse(parentheses)).isEqualTo(new Compare(path("a"), Op.EQ, new Number(1)));
        assertThat(Parser.parse(nots)).isInstanceOf(Not.class);
    }

    @Test
    void parenthesesNestedPastTheLimitAreRefusedAtTheFirstLevelTooDeep() {
        String expression = "(".repeat(Parser.MAX_NESTING) + "a = 1" + ")".repeat(Parser.MAX_NESTING);

        assertThatThrownBy(() -> Parser.parse(expression)).isInstanceOfSatisfying(PqlSyntaxException.class, e -> {
            assertThat(e.position()).isEqualTo(Parser.MAX_NESTING);
            assertThat(e.getMessage()).contains("expected at most " + Parser.MAX_NESTING + " levels of nesting");
        });
    }

    @Test
    void notsAndCallsCountAsNesting() {
        assertThatThrownBy(() -> Parser.parse("not ".repeat(Parser.MAX_NESTING) + "a = 1"))
                .isInstanceOf(PqlSyntaxException.class)
                .hasMessageContaining("levels of nesting");
        assertThatThrownBy(() -> Parser.parse(
                        "xEvent.any(".repeat(Parser.MAX_NESTING) + "a = 1" + ")".repeat(Parser.MAX_NESTING)))
                .isInstanceOf(PqlSyntaxException.class)
                .hasMessageContaining("levels of nesting");
    }

    @Test
    void aLongTokenIsQuotedCutShortInTheMessage() {
        assertThatThrownBy(() -> Parser.parse("a = 1 \"" + "y".repeat(1000) + "\""))
                .isInstanceOfSatisfying(
                        PqlSyntaxException.class,
                        e -> assertThat(e.getMessage())
                                .contains("found the string \"" + "y".repeat(64) + "...\"")
                                .hasSizeLessThan(200));
    }
}
