package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run contract of the server's main, in a process of its own, as scripts use it. */
class MainProcessIT {
    static final Pattern HTTP_PORT = Pattern.compile("segexport: HTTP listening on port (\\d+)");

    @TempDir
    Path dataDir;

    static Process startMain(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads output lines until one matches; all lines read are kept in {@code seen}. */
    static Matcher awaitLine(BufferedReader out, Pattern pattern, List<String> seen) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the process ended without printing " + pattern + ": " + seen);
    }

    @Test
    void mainServesOnThePortsItPrintsAndStopsCleanlyOnSigterm() throws Exception {
        Process process = startMain("--data-dir", dataDir.toString(), "--grpc-port", "0", "--http-port", "0",
                "--dev-token", TestServer.TOKEN);
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int httpPort = Integer.parseInt(awaitLine(out, HTTP_PORT, output).group(1));
            RestClient rest = new RestClient(httpPort, Tenant.fresh());
            assertThat(rest.post("/export/jobs", Requests.minimalCreate(rest.createDataSet())).status()).isEqualTo(200);
            assertThat(output).anyMatch(line -> line.matches("segexport: gRPC listening on port \\d+"));

            process.toHandle().destroy();
            awaitLine(out, Pattern.compile("segexport: stopped"), output);
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Database.open(new DataLayout(dataDir).rocksDb()).close();
    }

    @Test
    void mainWarnsLoudlyWhenTheDevelopmentTokenIsOn() throws Exception {
        Process process = startMain("--data-dir", dataDir.toString(), "--grpc-port", "0", "--http-port", "0",
                "--dev-token", TestServer.TOKEN);
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            awaitLine(out, HTTP_PORT, output);
            assertThat(output).anyMatch(line -> line.startsWith("segexport: WARNING: the development token is ON"))
                    .anyMatch(line -> line.contains("ANY org, with ANY x-api-key"))
                    .noneMatch(line -> line.contains(TestServer.TOKEN));
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void limitsSetOnTheCommandLineAreTheServersLimits() throws Exception {
        Process process = startMain("--data-dir", dataDir.toString(), "--grpc-port", "0", "--http-port", "0",
                "--dev-token", TestServer.TOKEN, "--limit", "page-size=7", "--limit", "request-bytes=2048");
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int httpPort = Integer.parseInt(awaitLine(out, HTTP_PORT, output).group(1));
            RestClient rest = new RestClient(httpPort, Tenant.fresh());

            assertThat(rest.get("/export/jobs?limit=7").status()).isEqualTo(200);
            assertThat(rest.get("/export/jobs?limit=8").json().get("detail").asText())
                    .isEqualTo("limit must be from 1 to 7 (the page-size limit), not 8");
            RestClient.Response tooLarge = rest.post("/export/jobs", "{" + " ".repeat(2048) + "}");
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("detail").asText())
                    .isEqualTo("the request body is larger than the request-bytes limit of 2048 bytes");
        } finally {
            process.toHandle().destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
