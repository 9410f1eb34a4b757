package io.segexport.server.pql;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Struct PROFILE = struct("""
            {"person": {"name": {"firstName": "John", "lastName": "Doe"}, "gender": "male", "birthDate": "1990-05-01T00:00:00Z"},
             "homeAddress": {"city": "San Jose"}, "age": 36, "optIn": true, "mobilePhone": null,
             "personalEmail": {"address": "john@example.com"}}""");
    private static final List<Struct> EVENTS = List.of(
            struct("{\"eventType\": \"commerce.purchases\", \"timestamp\": \"2026-11-25T12:00:00Z\", \"value\": 20}"),
            struct("{\"eventType\": \"web.pageViews\", \"timestamp\": \"2026-10-01T12:00:00Z\", \"value\": 0}"));

    private static Struct struct(String json) {
        Struct.Builder builder = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        return builder.build();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // comparisons on strings, numbers, booleans
                "'person.name.firstName = \"John\"'                   | true",
                "'person.name.firstName != \"John\"'                  | false",
                "'person.name.firstName < \"Kim\"'                    | true",
                "'age = 36'                                           | true",
                "'age >= 36 and age <= 36'                            | true",
                "'age > 36'                                           | false",
                "'age < 40.5'                                         | true",
                "'optIn = true'                                       | true",
                "'optIn != true'                                      | false",
                "'optIn'                                              | true",
                "'optIn < true'                                       | false",
                // dates against now
                "'person.birthDate < now'                             | true",
                "'person.birthDate > now'                             | false",
                "'person.birthDate >= \"1990-05-01T00:00:00+00:00\"'  | true",
                // string functions
                "'homeAddress.city.startsWith(\"San\")'               | true",
                "'homeAddress.city.endsWith(\"Jose\")'                | true",
                "'personalEmail.address.contains(\"@example\")'       | true",
                "'homeAddress.city.contains(\"x\")'                   | false",
                // in
                "'person.gender in [\"male\", \"female\"]'            | true",
                "'person.gender in [\"female\"]'                      | false",
                "'age in [35, 36]'                                    | true",
                // presence
                "'person.name.exists()'                               | true",
                "'mobilePhone.isNull()'                               | true",
                "'mobilePhone.exists()'                               | false",
                "'faxNumber.isNull()'                                 | true",
                "'faxNumber.isNotNull()'                              | false",
                // missing attributes and type mismatches never match, not even with !=
                "'faxNumber = \"1\"'                                  | false",
                "'faxNumber != \"1\"'                                 | false",
                "'not faxNumber = \"1\"'                              | true",
                "'age = \"36\"'                                       | false",
                "'age != \"36\"'                                      | false",
                "'person.name.firstName > 3'                          | false",
                "'age.startsWith(\"3\")'                              | false",
                "'person.name = \"John\"'                             | false",
                // logic
                "'age = 1 or person.gender = \"male\"'                | true",
                "'age = 1 or person.gender = \"male\" and optIn = false' | false",
                "'(age = 36 or age = 1) and not optIn = false'        | true",
                // events
                "'xEvent.any(eventType = \"commerce.purchases\")'     | true",
                "'xEvent.any(eventType = \"commerce.returns\")'       | false",
                "'xEvent.all(value >= 0)'                             | true",
                "'xEvent.all(value > 0)'                              | false",
                "'xEvent.any(eventType = \"commerce.purchases\" and timestamp occurs <= 7 days before now)' | true",
                "'xEvent.any(eventType = \"commerce.purchases\" and timestamp occurs <= 3 days before now)' | false",
                "'xEvent.any(eventType = \"web.pageViews\" and timestamp occurs > 9 weeks before now)'     | false",
                "'xEvent.any(eventType = \"web.pageViews\" and person.gender = \"male\")'                  | true",
            })
    void anExpressionOverAHandBuiltProfile(String pql, boolean qualifies) {
        assertThat(Evaluator.of(pql).qualifies(PROFILE, EVENTS, NOW)).isEqualTo(qualifies);
    }

    @ParameterizedTest(name = "{0} days before now, occurs {1} 4 days -> {2}")
    @CsvSource({
        "4, <=, true", "4, <, false", "4, =, true", "4, >=, true", "4, >, false",
        "3, <=, true", "5, <=, false", "5, >, true", "0, <, true", "-1, <=, false"
    })
    void timeWindowEdges(int daysBefore, String op, boolean qualifies) {
        Struct event = struct("{\"timestamp\": \"" + NOW.minusSeconds(86_400L * daysBefore) + "\"}");
        assertThat(Evaluator.of("xEvent.any(timestamp occurs " + op + " 4 days before now)")
                        .qualifies(Struct.getDefaultInstance(), List.of(event), NOW))
                .isEqualTo(qualifies);
    }

    @ParameterizedTest(name = "{0} over no events -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"xEvent.any(value > 0) | false", "xEvent.all(value > 0) | true"})
    void quantifiersOverNoEvents(String pql, boolean qualifies) {
        assertThat(Evaluator.of(pql).qualifies(PROFILE, List.of(), NOW)).isEqualTo(qualifies);
    }

    @ParameterizedTest(name = "{0} reads events: {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'age > 30 and homeAddress.city = \"San Jose\"'              | false",
                "'person.birthDate occurs <= 2 days before now'              | false",
                "'age > 30 and not xEvent.any(eventType = \"web.pageViews\")' | true",
                "'(optIn or xEvent.all(value > 0))'                           | true"
            })
    void anExpressionReadsEventsOnlyWhenItQuantifiesOverThem(String pql, boolean readsEvents) {
        assertThat(Evaluator.of(pql).readsEvents()).isEqualTo(readsEvents);
    }

    @Test
    void aChainOfTenThousandConditionsIsEvaluatedWithoutDeepRecursion() {
        String chain = "age = 36 and ".repeat(9_999) + "age = 36";

        assertThat(Evaluator.of(chain).qualifies(PROFILE, EVENTS, NOW)).isTrue();
        assertThat(Evaluator.of(chain.replace(" and ", " or ") + " or age = 1").qualifies(PROFILE, EVENTS, NOW))
                .isTrue();
    }
}
