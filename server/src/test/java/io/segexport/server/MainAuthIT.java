package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mains told how to authenticate that start, in a process of their own: what they print while they
 * run, and the callers they admit on the port they print. {@link MainAuthTest} has the refusals.
 */
class MainAuthIT {
    @TempDir
    Path folder;

    private MainProcess startMain(Map<String, String> env, String... args) throws IOException {
        return MainProcess.start(env, MainArgs.onEphemeralPorts(folder.resolve("data"), args));
    }

    @Test
    void jwtsConfiguredByFlagsAloneAreVerifiedAndNoDevelopmentTokenIsAccepted() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret"), Jwts.HS256_SECRET + "\n");
        try (MainProcess main = startMain(Map.of(), MainArgs.hs256Jwts(secret))) {
            int port = main.httpPort();
            String org = Tenant.fresh().orgId();
            RestClient rest = new RestClient(port, new Tenant(org, "prod", Jwts.API_KEY, Jwts.hs256(Jwts.valid(org))));

            assertThat(rest.get("/export/jobs").status()).isEqualTo(200);
            assertThat(rest.withHeader("Authorization", "Bearer " + TestServer.TOKEN)
                            .get("/export/jobs")
                            .status())
                    .isEqualTo(401);
            assertThat(main.output())
                    .anyMatch(line -> line.startsWith("segexport: verifying JWTs of issuer " + Jwts.ISSUER))
                    .noneMatch(line -> line.contains("WARNING"))
                    .noneMatch(line -> line.contains(Jwts.HS256_SECRET));
        }
    }

    @Test
    void aConfigFileAndTheDevelopmentTokenFromTheEnvironmentAreBothAcceptedWithAWarning() throws Exception {
        RSAKey key = Jwts.rsa("main-rsa");
        Jwts.writeJwks(folder.resolve("jwks.json"), key);
        Path config =
                Files.writeString(folder.resolve("auth.json"), """
                {"issuer": "%s", "audience": "%s", "jwksFile": "jwks.json", "apiKeys": ["%s"]}""".formatted(Jwts.ISSUER, Jwts.AUDIENCE, Jwts.API_KEY));
        try (MainProcess main =
                startMain(Map.of("SEGEXPORT_DEV_TOKEN", TestServer.TOKEN), "--auth-config", config.toString())) {
            int port = main.httpPort();
            String org = Tenant.fresh().orgId();
            RestClient jwt =
                    new RestClient(port, new Tenant(org, "prod", Jwts.API_KEY, Jwts.sign(key, Jwts.valid(org))));
            RestClient dev = new RestClient(port, new Tenant(org, "prod", "any-client", TestServer.TOKEN));

            assertThat(jwt.get("/export/jobs").status()).isEqualTo(200);
            assertThat(dev.get("/export/jobs").status()).isEqualTo(200);
            assertThat(jwt.withHeader("x-api-key", "any-client")
                            .get("/export/jobs")
                            .status())
                    .isEqualTo(403);
            assertThat(main.output())
                    .anyMatch(line -> line.startsWith("segexport: WARNING: the development token is ON"));
        }
    }
}
