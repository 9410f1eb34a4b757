package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs, the id counter, merge policies, segment definitions and profiles live in RocksDB and survive a
 * restart on the same folder.
 */
class RestartIT {
    @TempDir
    Path dataDir;

    @Test
    void jobsSurviveARestart() throws Exception {
        Tenant tenant = Tenant.fresh();
        TestServer server = TestServer.start(dataDir);
        String dataSet = server.rest(tenant).createDataSet();
        JsonNode created = server.rest(tenant)
                .post("/export/jobs", Requests.documentedCreate(dataSet))
                .json();
        JsonNode cancelled = server.rest(tenant)
                .post("/export/jobs", Requests.minimalCreate(dataSet))
                .json();
        server.rest(tenant).delete("/export/jobs/" + cancelled.get("id").asLong());
        JsonNode listBefore = server.rest(tenant).get("/export/jobs").json();

        server = server.restart();
        try {
            assertThat(server.rest(tenant)
                            .get("/export/jobs/" + created.get("id").asLong())
                            .json())
                    .isEqualTo(created);
            assertThat(server.rest(tenant).get("/export/jobs").json()).isEqualTo(listBefore);
            assertThat(server.rest(tenant)
                            .get("/export/jobs?status=CANCELLED")
                            .json()
                            .get("records"))
                    .hasSize(1);
        } finally {
            server.close();
        }
    }

    @Test
    void mergePoliciesAndProfilesSurviveARestart() throws Exception {
        Tenant tenant = Tenant.fresh();
        TestServer server = TestServer.start(dataDir);
        String crm = server.rest(tenant).createDataSet();
        String web = server.rest(tenant).createDataSet();
        JsonNode policy = server.rest(tenant)
                .post(MergePolicyTest.POLICIES, MergePolicyTest.precedencePolicy("CRM first", crm, web))
                .json();
        server.rest(tenant)
                .post(Ingest.PROFILES, Ingest.body(crm, Ingest.record("email", "ada@example.com", "'tier': 'gold'")));
        String lookup = Ingest.lookup("email", "ada@example.com") + "&mergePolicyId="
                + policy.get("id").asText();
        JsonNode before = server.rest(tenant).get(lookup).json();

        server = server.restart();
        try {
            assertThat(server.rest(tenant)
                            .get(MergePolicyTest.POLICIES + "/"
                                    + policy.get("id").asText())
                            .json())
                    .isEqualTo(policy);
            assertThat(server.rest(tenant).get(lookup).json()).isEqualTo(before);
            assertThat(before.at("/ada@example.com/entity/tier").asText()).isEqualTo("gold");
        } finally {
            server.close();
        }
    }

    @Test
    void segmentDefinitionsAndTheirDeletionSurviveARestart() throws Exception {
        Tenant tenant = Tenant.fresh();
        TestServer server = TestServer.start(dataDir);
        JsonNode kept = server.rest(tenant)
                .post(SegmentDefinitionTest.DEFINITIONS, SegmentDefinitionTest.definition("kept", "person.age >= 21"))
                .json();
        String deleted = server.rest(tenant)
                .post(SegmentDefinitionTest.DEFINITIONS, SegmentDefinitionTest.definition("deleted", "a = 1"))
                .json()
                .get("id")
                .asText();
        server.rest(tenant).delete(SegmentDefinitionTest.DEFINITIONS + "/" + deleted);

        server = server.restart();
        try {
            assertThat(server.rest(tenant)
                            .get(SegmentDefinitionTest.DEFINITIONS + "/"
                                    + kept.get("id").asText())
                            .json())
                    .isEqualTo(kept);
            assertThat(server.rest(tenant)
                            .get(SegmentDefinitionTest.DEFINITIONS + "/" + deleted)
                            .status())
                    .isEqualTo(404);
            assertThat(server.rest(tenant)
                            .get(SegmentDefinitionTest.DEFINITIONS)
                            .json()
                            .get("segments"))
                    .hasSize(1);
        } finally {
            server.close();
        }
    }

    @Test
    void idsKeepIncreasingAcrossARestart() throws Exception {
        Tenant tenant = Tenant.fresh();
        TestServer server = TestServer.start(dataDir);
        String dataSet = server.rest(tenant).createDataSet();
        long first = server.rest(tenant)
                .post("/export/jobs", Requests.minimalCreate(dataSet))
                .json()
                .get("id")
                .asLong();
        long second = server.rest(tenant)
                .post("/export/jobs", Requests.minimalCreate(dataSet))
                .json()
                .get("id")
                .asLong();
        server.rest(tenant).delete("/export/jobs/" + second);
        server.rest(tenant).delete("/export/jobs/" + second);

        server = server.restart();
        try {
            long third = server.rest(tenant)
                    .post("/export/jobs", Requests.minimalCreate(dataSet))
                    .json()
                    .get("id")
                    .asLong();
            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
        } finally {
            server.close();
        }
    }
}
