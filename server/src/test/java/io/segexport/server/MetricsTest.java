package io.segexport.server;

import static io.segexport.server.Scrapes.awaitAtLeast;
import static io.segexport.server.Scrapes.sample;
import static io.segexport.server.Scrapes.scrape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.v1.ListExportJobsRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} on the HTTP port: Prometheus's text format, with the calls of both faces, the
 * export jobs, the ingested records, the store and the process; and no tenant in any of it.
 */
class MetricsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(1);

    @Test
    void metricsAnswerInPrometheusTextFormat() {
        HttpResponse<String> response = Scrapes.get(server.httpPort(), "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE segexport_rocksdb_live_sst_bytes gauge");
    }

    @Test
    void aRestCallIsCountedByMethodRouteAndStatusClass() throws Exception {
        RestClient rest = server.rest(Tenant.fresh());
        String ok =
                "segexport_rest_requests_seconds_count{method=\"GET\",route=\"/data/core/ups/export/jobs\",status=\"2xx\"}";
        double before = sample(scrape(server.httpPort()), ok).orElse(0);

        assertThat(rest.get(Exports.JOBS).status()).isEqualTo(200);

        awaitAtLeast(server.httpPort(), ok, before + 1);
    }

    @Test
    void aRestCallOfAnAbsentJobIsCountedUnderItsRoutePatternAs4xx() throws Exception {
        RestClient rest = server.rest(Tenant.fresh());

        assertThat(rest.get(Exports.JOBS + "/987654321").status()).isEqualTo(404);

        awaitAtLeast(
                server.httpPort(),
                "segexport_rest_requests_seconds_count{method=\"GET\",route=\"/data/core/ups/export/jobs/:id\",status=\"4xx\"}",
                1);
        assertThat(scrape(server.httpPort())).doesNotContain("987654321");
    }

    @Test
    void aGrpcCallIsCountedByMethodAndCode() throws Exception {
        String series =
                "segexport_grpc_requests_seconds_count{code=\"OK\",method=\"segexport.v1.ExportJobService/ListExportJobs\"}";
        double before = sample(scrape(server.httpPort()), series).orElse(0);

        server.grpc().blocking(Tenant.fresh()).listExportJobs(ListExportJobsRequest.getDefaultInstance());

        awaitAtLeast(server.httpPort(), series, before + 1);
    }

    @Test
    void aSucceededJobIsCountedWithItsExportedProfiles() throws Exception {
        RestClient rest = server.rest(Tenant.fresh());
        String dataSet = rest.createDataSet();
        Exports.ingestProfiles(
                rest, dataSet, Exports.withPoints("a@example.com", 1), Exports.withPoints("b@example.com", 2));
        String scrape = scrape(server.httpPort());
        String ended = "segexport_jobs_ended_seconds_count{status=\"SUCCEEDED\"}";
        double endedBefore = sample(scrape, ended).orElse(0);
        double profilesBefore =
                sample(scrape, "segexport_exported_profiles_total").orElse(0);

        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(rest.createDataSet())));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        awaitAtLeast(server.httpPort(), ended, endedBefore + 1);
        awaitAtLeast(
                server.httpPort(),
                "segexport_exported_profiles_total",
                profilesBefore + job.at("/metrics/totalExportedProfileCounter").asLong());
    }

    @Test
    void ingestedRecordsAreCountedByPathAndOutcome() throws Exception {
        RestClient rest = server.rest(Tenant.fresh());
        String dataSet = rest.createDataSet();
        String scrape = scrape(server.httpPort());
        String accepted = "segexport_ingest_records_total{outcome=\"accepted\",path=\"profiles\"}";
        String rejected = "segexport_ingest_records_total{outcome=\"rejected\",path=\"profiles\"}";
        double acceptedBefore = sample(scrape, accepted).orElse(0);
        double rejectedBefore = sample(scrape, rejected).orElse(0);

        RestClient.Response response = rest.post(
                Ingest.PROFILES,
                Ingest.jsonBody(dataSet, Exports.withPoints("c@example.com", 3) + ",{\"identityMap\":{}}"));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.json().get("rejectedTotal").asInt()).isEqualTo(1);
        awaitAtLeast(server.httpPort(), accepted, acceptedBefore + 1);
        awaitAtLeast(server.httpPort(), rejected, rejectedBefore + 1);
    }

    @Test
    void theStoreAndTheProcessHaveTheirFigures() {
        String scrape = scrape(server.httpPort());

        assertThat(sample(scrape, "segexport_rocksdb_live_sst_bytes")).isPresent();
        assertThat(sample(scrape, "segexport_rocksdb_pending_compaction_bytes")).isPresent();
        assertThat(sample(scrape, "segexport_rocksdb_block_cache_hits_total")).isPresent();
        assertThat(sample(scrape, "segexport_rocksdb_block_cache_misses_total")).isPresent();
        assertThat(sample(scrape, "segexport_rocksdb_write_stall_seconds_total"))
                .isPresent();
        assertThat(sample(scrape, "segexport_rocksdb_write_stopped")).hasValue(0);
        assertThat(sample(scrape, "segexport_jobs{status=\"NEW\"}")).isPresent();
        assertThat(sample(scrape, "process_resident_memory_bytes").orElse(0)).isPositive();
        assertThat(scrape)
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_gc_max_data_size_bytes")
                .contains("process_cpu_usage");
    }

    @Test
    void theProcessCpuTimeIsInSecondsAsPrometheusNamesIt() {
        String scrape = scrape(server.httpPort());

        assertThat(sample(scrape, "process_cpu_seconds_total").orElse(0)).isPositive();
        assertThat(scrape).doesNotContain("process_cpu_time_ns_total").doesNotContain("system_cpu_count");
    }

    @Test
    void noTenantAppearsInTheMetrics() {
        Tenant tenant = Tenant.fresh();
        RestClient rest = server.rest(tenant);
        Exports.ingestProfiles(rest, rest.createDataSet(), Exports.withPoints("d@example.com", 4));

        assertThat(scrape(server.httpPort())).doesNotContain(tenant.orgId()).doesNotContain("d@example.com");
    }
}
