package io.segexport.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;

class FieldProjectionTest {
    private static Struct json(String text) throws Exception {
        Struct.Builder struct = Struct.newBuilder();
        JsonFormat.parser().merge(text, struct);
        return struct.build();
    }

    private static final String PROFILE = """
            {"person": {"name": {"firstName": "Ada", "lastName": "Lovelace"}, "birthYear": 1815},
             "personalEmail": {"address": "ada@example.com", "primary": true},
             "identities": [{"id": "a1", "namespace": "email"}, {"id": "a2", "namespace": "crm"}, "odd"],
             "loyalty": {"points": 40}}""";

    @Test
    void emptyFieldsKeepEverything() throws Exception {
        assertThat(FieldProjection.of("").apply(json(PROFILE))).isEqualTo(json(PROFILE));
    }

    @Test
    void aNestedPathKeepsOnlyThatLeaf() throws Exception {
        assertThat(FieldProjection.of("personalEmail.address").apply(json(PROFILE)))
                .isEqualTo(json("{\"personalEmail\": {\"address\": \"ada@example.com\"}}"));
    }

    @Test
    void aPathToAnObjectKeepsItsWholeSubtree() throws Exception {
        assertThat(FieldProjection.of("person.name").apply(json(PROFILE)))
                .isEqualTo(json("{\"person\": {\"name\": {\"firstName\": \"Ada\", \"lastName\": \"Lovelace\"}}}"));
    }

    @Test
    void aPathThroughAnArrayAppliesToEachObjectInIt() throws Exception {
        assertThat(FieldProjection.of("identities.id").apply(json(PROFILE)))
                .isEqualTo(json("{\"identities\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}]}"));
    }

    @Test
    void missingPathsAreLeftOut() throws Exception {
        assertThat(FieldProjection.of("person.middleName,nothing.here,personalEmail.address")
                        .apply(json(PROFILE)))
                .isEqualTo(json("{\"personalEmail\": {\"address\": \"ada@example.com\"}}"));
    }

    @Test
    void aPathThroughALeafKeepsNothing() throws Exception {
        assertThat(FieldProjection.of("loyalty.points.value").apply(json(PROFILE)))
                .isEqualTo(Struct.getDefaultInstance());
    }

    @Test
    void aPathAndItsPrefixKeepTheWiderSubtreeInEitherOrder() throws Exception {
        Struct person = json(
                "{\"person\": {\"name\": {\"firstName\": \"Ada\", \"lastName\": \"Lovelace\"}, \"birthYear\": 1815}}");

        assertThat(FieldProjection.of("person.name.firstName,person").apply(json(PROFILE)))
                .isEqualTo(person);
        assertThat(FieldProjection.of("person,person.name.firstName").apply(json(PROFILE)))
                .isEqualTo(person);
    }
}
