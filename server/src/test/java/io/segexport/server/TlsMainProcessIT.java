package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's main serving with --tls-cert and --tls-key, in a process of its own; StartupFailuresTest has the refusals. */
class TlsMainProcessIT {
    @TempDir
    Path dir;

    @Test
    void mainServesHttpsAndTlsGrpcAndSaysSo() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "main-test");
        TlsFiles files = ca.issueServer();
        try (MainProcess main = MainProcess.start(MainArgs.testServer(
                dir.resolve("data"),
                "--tls-cert",
                files.certificate().toString(),
                "--tls-key",
                files.privateKey().toString()))) {
            int httpsPort =
                    Integer.parseInt(main.awaitLine(Pattern.compile("segexport: HTTPS listening on port (\\d+)"))
                            .group(1));
            RestClient rest = new RestClient(
                    "https://localhost:" + httpsPort,
                    HttpClient.newBuilder().sslContext(ca.trustingContext()).build(),
                    Tenant.fresh());

            assertThat(rest.post("/export/jobs", Requests.minimalCreate(rest.createDataSet()))
                            .status())
                    .isEqualTo(200);
            assertThat(main.output())
                    .anyMatch(line -> line.matches("segexport: gRPC listening on port \\d+ \\(TLS\\)"));
        }
    }
}
