package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Process process = MainProcessIT.startMain("--data-dir", dir.resolve("data").toString(), "--grpc-port", "0",
                "--http-port", "0", "--dev-token", TestServer.TOKEN,
                "--tls-cert", files.certificate().toString(), "--tls-key", files.privateKey().toString());
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int httpsPort = Integer.parseInt(MainProcessIT.awaitLine(out,
                    Pattern.compile("segexport: HTTPS listening on port (\\d+)"), output).group(1));
            RestClient rest = new RestClient("https://localhost:" + httpsPort,
                    HttpClient.newBuilder().sslContext(ca.trustingContext()).build(), Tenant.fresh());

            assertThat(rest.post("/export/jobs", Requests.minimalCreate(rest.createDataSet())).status()).isEqualTo(200);
            assertThat(output).anyMatch(line -> line.matches("segexport: gRPC listening on port \\d+ \\(TLS\\)"));
        } finally {
            process.toHandle().destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
