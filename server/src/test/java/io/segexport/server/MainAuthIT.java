package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mains told how to authenticate that start, in a process of their own: what they print while they
 * run, and the callers they admit on the port they print. {@link MainAuthTest} has the refusals.
 */
class MainAuthIT {
    private static final Pattern HTTP_PORT = Pattern.compile("segexport: HTTP listening on port (\\d+)");

    @TempDir
    Path folder;

    private Process startMain(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--data-dir", folder.resolve("data").toString(), "--grpc-port", "0", "--http-port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SEGEXPORT_DEV_TOKEN");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Reads the output until the HTTP port line; returns the port, the lines read so far in {@code seen}. */
    private static int httpPort(BufferedReader out, List<String> seen) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            seen.add(line);
            Matcher m = HTTP_PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the process ended without listening: " + seen);
    }

    @Test
    void jwtsConfiguredByFlagsAloneAreVerifiedAndNoDevelopmentTokenIsAccepted() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret"), Jwts.HS256_SECRET + "\n");
        Process process = startMain(Map.of(), "--jwt-issuer", Jwts.ISSUER, "--jwt-audience", Jwts.AUDIENCE,
                "--jwt-hs256-secret-file", secret.toString(), "--registered-api-key", Jwts.API_KEY);
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int port = httpPort(out, output);
            String org = Tenant.fresh().orgId();
            RestClient rest = new RestClient(port, new Tenant(org, "prod", Jwts.API_KEY, Jwts.hs256(Jwts.valid(org))));

            assertThat(rest.get("/export/jobs").status()).isEqualTo(200);
            assertThat(rest.withHeader("Authorization", "Bearer " + TestServer.TOKEN).get("/export/jobs").status()).isEqualTo(401);
            assertThat(output).anyMatch(line -> line.startsWith("segexport: verifying JWTs of issuer " + Jwts.ISSUER))
                    .noneMatch(line -> line.contains("WARNING"))
                    .noneMatch(line -> line.contains(Jwts.HS256_SECRET));
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aConfigFileAndTheDevelopmentTokenFromTheEnvironmentAreBothAcceptedWithAWarning() throws Exception {
        RSAKey key = Jwts.rsa("main-rsa");
        Jwts.writeJwks(folder.resolve("jwks.json"), key);
        Path config = Files.writeString(folder.resolve("auth.json"), """
                {"issuer": "%s", "audience": "%s", "jwksFile": "jwks.json", "apiKeys": ["%s"]}"""
                .formatted(Jwts.ISSUER, Jwts.AUDIENCE, Jwts.API_KEY));
        Process process = startMain(Map.of("SEGEXPORT_DEV_TOKEN", TestServer.TOKEN), "--auth-config", config.toString());
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int port = httpPort(out, output);
            String org = Tenant.fresh().orgId();
            RestClient jwt = new RestClient(port, new Tenant(org, "prod", Jwts.API_KEY, Jwts.sign(key, Jwts.valid(org))));
            RestClient dev = new RestClient(port, new Tenant(org, "prod", "any-client", TestServer.TOKEN));

            assertThat(jwt.get("/export/jobs").status()).isEqualTo(200);
            assertThat(dev.get("/export/jobs").status()).isEqualTo(200);
            assertThat(jwt.withHeader("x-api-key", "any-client").get("/export/jobs").status()).isEqualTo(403);
            assertThat(output).anyMatch(line -> line.startsWith("segexport: WARNING: the development token is ON"));
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
