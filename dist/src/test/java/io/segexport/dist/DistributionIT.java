package io.segexport.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user gets it: unpacked, moved away from the build, and run from its launchers,
 * from another folder and through symlinks.
 */
class DistributionIT {
    private static final Duration START_TIME = Duration.ofSeconds(90);
    private static final Duration RUN_TIME = Duration.ofSeconds(60);
    private static final String TOKEN = "dist-test-token";

    @TempDir
    static Path folder;

    private static Distribution dist;

    @BeforeAll
    static void unpack() throws Exception {
        dist = Distribution.unpackAndMove(
                Path.of(System.getProperty("dist.tarball")), System.getProperty("dist.name"), folder);
    }

    @Test
    void theTarballHoldsTheThreeLaunchersTheLicenceTheConfigAndEveryJarOnce() throws IOException {
        try (Stream<Path> bin = Files.list(dist.home().resolve("bin"))) {
            assertThat(bin)
                    .map(path -> path.getFileName().toString())
                    .containsExactlyInAnyOrder("segexport-server", "segexport-gateway", "segexport");
        }
        assertThat(List.of(dist.bin("segexport-server"), dist.bin("segexport-gateway"), dist.bin("segexport")))
                .allSatisfy(launcher -> assertThat(Files.isExecutable(launcher))
                        .as(launcher + " is executable")
                        .isTrue());
        assertThat(Files.readString(dist.home().resolve("LICENSE")))
                .contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS");
        assertThat(dist.config("logback.xml")).isRegularFile();
        assertThat(dist.config("auth.example.json")).isRegularFile();

        List<String> jars = Jars.names(dist.lib());
        String version = dist.home().getFileName().toString().substring("segexport-".length());
        assertThat(jars)
                .contains(
                        "segexport-server-" + version + ".jar",
                        "segexport-gateway-" + version + ".jar",
                        "segexport-client-" + version + ".jar",
                        "segexport-proto-" + version + ".jar")
                .noneMatch(jar -> jar.startsWith("segexport-bench"));
        assertThat(Jars.classesInMoreThanOne(dist.lib())).isEmpty();
    }

    @Test
    void theServerRunsFromALinkWithTheExampleAuthConfigAndAnswersRestAndTheCommandLine() throws Exception {
        Path elsewhere = Files.createDirectories(folder.resolve("elsewhere"));
        Path serverLink = Files.createSymbolicLink(elsewhere.resolve("segexport-server"), dist.bin("segexport-server"));
        // A relative link, and of another name: the launcher goes by the name of the file it leads to.
        Path cliLink = Files.createSymbolicLink(elsewhere.resolve("sx"), elsewhere.relativize(dist.bin("segexport")));
        try (Launched server = Distribution.launch(
                serverLink,
                elsewhere,
                Map.of("SEGEXPORT_OPTS", "-Xmx512m"),
                "--grpc-port",
                "0",
                "--http-port",
                "0",
                "--data-dir",
                folder.resolve("data").toString(),
                "--dev-token",
                TOKEN,
                "--auth-config",
                dist.config("auth.example.json").toString(),
                // The example's key server is example.com's: keys from a closed local port instead.
                "--jwks-url",
                "http://127.0.0.1:" + closedPort() + "/jwks.json")) {
            int httpPort =
                    Integer.parseInt(server.awaitLine(Pattern.compile("HTTP listening on port (\\d+)"), START_TIME)
                            .group(1));
            int grpcPort =
                    Integer.parseInt(server.awaitLine(Pattern.compile("gRPC listening on port (\\d+)"), START_TIME)
                            .group(1));
            assertThat(server.output())
                    .anyMatch(line -> line.startsWith(
                            "segexport: verifying JWTs of issuer https://ims.example.com for audience segexport"));
            assertThat(server.executable()).as("the launcher execs java").endsWith("/bin/java");

            HttpResponse<String> jobs = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + httpPort + "/data/core/ups/export/jobs"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .header("x-api-key", "k")
                                    .header("x-gw-ims-org-id", "org@AdobeOrg")
                                    .header("x-sandbox-name", "prod")
                                    .timeout(RUN_TIME)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
            assertThat(jobs.body()).contains("\"page\"");

            try (Launched cli = Distribution.launch(
                    cliLink,
                    elsewhere,
                    Map.of(),
                    "--target",
                    "127.0.0.1:" + grpcPort,
                    "--token",
                    TOKEN,
                    "--api-key",
                    "k",
                    "--org",
                    "org@AdobeOrg",
                    "--sandbox",
                    "prod",
                    "--output",
                    "json",
                    "jobs",
                    "list")) {
                assertThat(cli.awaitExit(RUN_TIME)).as(cli.output().toString()).isZero();
                assertThat(cli.output()).containsExactly("[]");
            }

            server.terminate();
            server.awaitLine(Pattern.compile("^segexport: stopped$"), RUN_TIME);
            assertThat(server.awaitExit(RUN_TIME))
                    .as("the JVM's status after a SIGTERM")
                    .isEqualTo(128 + 15);
        }
    }

    @Test
    void theCommandLineRunsTheJavaOfJavaHomeWithTheOptionsOfTheEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_OPTS", "-XshowSettings:properties");
        env.put("SEGEXPORT_OPTS", "-Dsegexport.dist.check=yes");
        try (Launched cli = Distribution.launch(dist.bin("segexport"), folder, env, "--help")) {
            assertThat(cli.awaitExit(RUN_TIME)).as(cli.output().toString()).isZero();
            assertThat(cli.output())
                    .anyMatch(line -> line.startsWith("Usage: segexport "))
                    .contains(
                            "    java.home = " + System.getProperty("java.home"),
                            "    logback.configurationFile = "
                                    + dist.config("logback.xml").toRealPath(),
                            "    segexport.dist.check = yes");
        }
    }

    @Test
    void theGatewayPrintsItsHelp() throws Exception {
        try (Launched gateway = Distribution.launch(dist.bin("segexport-gateway"), folder, Map.of(), "--help")) {
            assertThat(gateway.awaitExit(RUN_TIME))
                    .as(gateway.output().toString())
                    .isZero();
            assertThat(gateway.output()).anyMatch(line -> line.startsWith("Usage: segexport-gateway "));
        }
    }

    @Test
    void aLauncherRefusesAJavaHomeWithoutJava() throws Exception {
        try (Launched server = Distribution.launch(
                dist.bin("segexport-server"),
                folder,
                Map.of("JAVA_HOME", folder.resolve("no-java").toString()),
                "--help")) {
            assertThat(server.awaitExit(RUN_TIME)).isEqualTo(1);
            assertThat(server.output())
                    .singleElement()
                    .asString()
                    .startsWith("segexport-server: JAVA_HOME is " + folder.resolve("no-java"));
        }
    }

    /** A local port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
