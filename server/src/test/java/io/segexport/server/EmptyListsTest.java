package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every list of a REST response is there when it is empty: [] (or {}), never left out, so that a
 * client reading it (Adobe's aepp reads "records") does not fail on an empty page.
 */
class EmptyListsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(DataAccessSeed::into);

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);

    @Test
    void aStatusNoJobIsInListsAnEmptyArrayOfRecords() {
        long cancelled = Exports.create(rest, Requests.minimalCreate(rest.createDataSet()));
        assertThat(rest.delete(Exports.JOBS + "/" + cancelled).status()).isEqualTo(204);

        RestClient.Response response = rest.get("/data/core/ups/export/jobs?status=NEW");

        assertThat(response.status()).isEqualTo(200);
        assertEmptyArray(response.json().get("records"));
        assertThat(response.json().at("/page/pageSize").asInt()).isZero();
        assertThat(response.json().at("/link/next").asText()).isEmpty();
    }

    @Test
    void aPageAfterTheLastJobIsAnEmptyArrayOfRecords() {
        Exports.create(rest, Requests.minimalCreate(rest.createDataSet()));
        String offset = rest.get("/export/jobs").json().at("/page/pageOffset").asText();

        RestClient.Response response = rest.get("/export/jobs?offset=" + offset);

        assertThat(response.status()).isEqualTo(200);
        assertEmptyArray(response.json().get("records"));
    }

    @Test
    void aPageAfterTheLastMergePolicyIsAnEmptyArrayOfChildren() {
        RestClient.Response response = rest.get("/data/core/ups/config/mergePolicies?start=timestampOrdered-none-mp");

        assertThat(response.status()).isEqualTo(200);
        assertEmptyArray(response.json().get("children"));
        assertThat(response.json().at("/_page/pageSize").asInt()).isZero();
    }

    @Test
    void aTenantWithoutDefinitionsHasAnEmptyArrayOfSegments() {
        RestClient.Response response = rest.get("/data/core/ups/segment/definitions");

        assertThat(response.status()).isEqualTo(200);
        assertEmptyArray(response.json().get("segments"));
    }

    @Test
    void aPageAfterTheLastFileIsAnEmptyArrayOfData() {
        RestClient.Response response = server.rest(DataAccessSeed.OWNER)
                .get("/data/foundation/export/files/" + DataAccessSeed.BATCH + "?start=part-00002.json");

        assertThat(response.status()).isEqualTo(200);
        assertEmptyArray(response.json().get("data"));
        assertThat(response.json().at("/_page/count").asInt()).isZero();
    }

    private static void assertEmptyArray(JsonNode list) {
        assertThat(list).as("the list, present").isNotNull();
        assertThat(list.isArray()).as("%s is an array", list).isTrue();
        assertThat(list).isEmpty();
    }
}
