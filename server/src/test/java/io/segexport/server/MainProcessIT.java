package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run contract of the server's main, in a process of its own, as scripts use it. */
class MainProcessIT {
    @TempDir
    Path dataDir;

    @Test
    void mainServesOnThePortsItPrintsAndStopsCleanlyOnSigterm() throws Exception {
        try (MainProcess main = MainProcess.start(MainArgs.testServer(dataDir))) {
            RestClient rest = new RestClient(main.httpPort(), Tenant.fresh());
            assertThat(rest.post("/export/jobs", Requests.minimalCreate(rest.createDataSet()))
                            .status())
                    .isEqualTo(200);
            assertThat(main.output()).anyMatch(line -> line.matches("segexport: gRPC listening on port \\d+"));

            main.terminate();
            main.awaitLine(Pattern.compile("segexport: stopped"));
            assertThat(main.ended()).isTrue();
        }
        Database.open(new DataLayout(dataDir).rocksDb()).close();
    }

    @Test
    void mainConfiguresLogbackWithTheProgramsDefaults() throws Exception {
        // The JVM reads JAVA_TOOL_OPTIONS; logback.debug makes logback say which file it read.
        try (MainProcess main =
                MainProcess.start(Map.of("JAVA_TOOL_OPTIONS", "-Dlogback.debug=true"), MainArgs.testServer(dataDir))) {
            main.httpPort();

            // Not "Found resource [...]": logback prints only the status of the last 300 ms before its
            // listener starts, and on a loaded machine that line is older. The levels are the defaults'
            // own (no other configuration sets io.grpc to WARN) and come at the end.
            assertThat(main.output())
                    .anyMatch(line -> line.contains("Setting level of logger [io.grpc] to WARN"))
                    .anyMatch(line -> line.contains("Setting level of ROOT logger to INFO"));
        }
    }

    @Test
    void mainWarnsLoudlyWhenTheDevelopmentTokenIsOn() throws Exception {
        try (MainProcess main = MainProcess.start(MainArgs.testServer(dataDir))) {
            main.httpPort();
            assertThat(main.output())
                    .anyMatch(line -> line.startsWith("segexport: WARNING: the development token is ON"))
                    .anyMatch(line -> line.contains("ANY org, with ANY x-api-key"))
                    .noneMatch(line -> line.contains(TestServer.TOKEN));
        }
    }

    @Test
    void limitsSetOnTheCommandLineAreTheServersLimits() throws Exception {
        try (MainProcess main = MainProcess.start(
                MainArgs.testServer(dataDir, "--limit", "page-size=7", "--limit", "request-bytes=2048"))) {
            RestClient rest = new RestClient(main.httpPort(), Tenant.fresh());

            assertThat(rest.get("/export/jobs?limit=7").status()).isEqualTo(200);
            assertThat(rest.get("/export/jobs?limit=8").json().get("detail").asText())
                    .isEqualTo("limit must be from 1 to 7 (the page-size limit), not 8");
            RestClient.Response tooLarge = rest.post("/export/jobs", "{" + " ".repeat(2048) + "}");
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("detail").asText())
                    .isEqualTo("the request body is larger than the request-bytes limit of 2048 bytes");
        }
    }
}
