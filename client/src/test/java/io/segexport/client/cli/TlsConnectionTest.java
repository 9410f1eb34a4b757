package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import io.segexport.server.tls.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command line against a server speaking only TLS: --ca-file (or SEGEXPORT_CA_FILE) and a tls:// target. */
class TlsConnectionTest {
    @RegisterExtension
    static final SharedServer server = SharedServer.withTls();

    private final CliUser tenant = CliUser.ofTls(server);

    private long createJob() {
        String dataSet = tenant.client().createDataSet(Fixtures.dataSet("Exports"));
        return tenant.client().createJob(Fixtures.job(dataSet)).getId();
    }

    @Test
    void jobsListWithTheCaFileListsTheJobs() {
        long id = createJob();

        JsonNode jobs = tenant.cli("jobs", "list", "--ca-file", server.caFile().toString(), "-o", "json")
                .expectExit(0)
                .json();

        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("id").longValue()).isEqualTo(id);
    }

    @Test
    void theCaFileMayComeFromTheEnvironment() {
        long id = createJob();
        Map<String, String> environment = new HashMap<>(tenant.environment());
        environment.put("SEGEXPORT_CA_FILE", server.caFile().toString());

        CliRun run =
                CliRun.run(environment, false, "jobs", "get", Long.toString(id)).expectExit(0);

        assertThat(run.out()).containsPattern("(?m)^id\\s+" + id + "$");
    }

    @Test
    void aCaThatDidNotIssueTheServersCertificateIsNamedAndNotRetried() {
        Path otherCa = TestCertificates.authority(server.certificatesDir(), "cli-other")
                .caFile();
        String target = tenant.environment().get("SEGEXPORT_TARGET");
        long start = System.nanoTime();

        CliRun run = tenant.cli("jobs", "list", "--ca-file", otherCa.toString()).expectExit(6);

        assertThat(run.err())
                .isEqualTo("segexport: cannot reach the server at " + target + " (--target): UNAVAILABLE: "
                        + "TLS handshake with the server failed: unable to find valid certification path to requested target"
                        + " (check --ca-file)\n");
        // The default policy would retry for 7.75 s: a refused certificate is not retried.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(7_000);
    }

    @Test
    void withoutTheCaFileTheSystemsCasDoNotTrustTheServer() {
        CliRun run = tenant.cli("datasets", "list").expectExit(6);

        assertThat(run.err()).contains("TLS handshake with the server failed").endsWith(" (check --ca-file)\n");
    }

    @Test
    void aCaFileThatCannotBeReadIsABadUsage() {
        Path missing = server.certificatesDir().resolve("missing-ca.pem");

        CliRun run = tenant.cli("jobs", "list", "--ca-file", missing.toString()).expectExit(2);

        assertThat(run.err())
                .isEqualTo("segexport: cannot read the trusted certificates " + missing + " (--ca-file)\n");
    }

    @Test
    void aCaFileThatHoldsNoCertificateIsABadUsage() {
        Path key = server.tlsFiles().privateKey();

        CliRun run = tenant.cli("jobs", "list", "--ca-file", key.toString()).expectExit(2);

        assertThat(run.err())
                .startsWith("segexport: the trusted certificates " + key + " are not PEM certificates")
                .endsWith(" (--ca-file)\n");
    }
}
