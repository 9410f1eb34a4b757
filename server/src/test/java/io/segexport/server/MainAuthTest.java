package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.auth.AuthSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the server's main is told how to authenticate: its flags, and the configurations it refuses
 * to start with, run in this JVM ({@link MainAuthIT} starts mains that serve). Like every
 * {@link MainRun}, these expect SEGEXPORT_DEV_TOKEN unset in the test's environment.
 */
class MainAuthTest {
    @TempDir
    Path folder;

    /** A main that must refuse to start: its exit status and everything it printed. */
    private record Refusal(int exit, String output) {}

    private Refusal refused(String... args) {
        MainRun run = MainRun.of(MainArgs.onEphemeralPorts(folder.resolve("data"), args));
        return new Refusal(run.exitCode(), run.out() + run.err());
    }

    @Test
    void theHelpNamesEverySettingOfTheFileAndEveryFlag() {
        String help = MainRun.of("--help").out();

        for (AuthSetting setting : AuthSetting.values()) {
            assertThat(help).contains(setting.jsonName());
            setting.flag().ifPresent(flag -> assertThat(help).contains(flag));
        }
    }

    @Test
    void withNeitherJwtsNorADevelopmentTokenMainRefusesToStartSayingWhatToConfigure() throws Exception {
        Refusal refusal = refused();
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.output())
                .contains("segexport: could not start: auth config: no authentication is configured")
                .contains("--auth-config FILE")
                .contains("--dev-token TOKEN")
                .contains("SEGEXPORT_DEV_TOKEN");
        assertThat(folder.resolve("data")).as("no data folder made").doesNotExist();
    }

    @Test
    void aConfigFileWithASettingOfTheWrongTypeIsRefusedNamingIt() throws Exception {
        Path config = Files.writeString(folder.resolve("auth.json"), "{\"issuer\": 5, \"audience\": \"a\"}");
        Refusal refusal = refused("--auth-config", config.toString());
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.output())
                .contains("--auth-config " + config)
                .contains("\"issuer\" must be a string, not number");
    }

    @Test
    void aConfigFileWithoutARequiredSettingIsRefusedNamingItAndItsFlag() throws Exception {
        Path config = Files.writeString(folder.resolve("auth.json"), """
                {"issuer": "https://ims.example", "hs256Secret": "%s", "apiKeys": ["client"]}""".formatted(Jwts.HS256_SECRET));
        Refusal refusal = refused("--auth-config", config.toString());
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.output())
                .contains("\"audience\" (--jwt-audience) is required")
                .doesNotContain(Jwts.HS256_SECRET);
    }

    @Test
    void aJwksFileThatIsNotAJwkSetIsRefusedNamingIt() throws Exception {
        Path jwks = Files.writeString(folder.resolve("jwks.json"), "{\"keys\": 3}");
        Refusal refusal = refused(
                "--jwt-issuer",
                Jwts.ISSUER,
                "--jwt-audience",
                Jwts.AUDIENCE,
                "--jwks-file",
                jwks.toString(),
                "--registered-api-key",
                Jwts.API_KEY);
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.output())
                .contains("\"jwksFile\" (--jwks-file) " + jwks)
                .contains("is not a JWK set");
    }

    @Test
    void demoWithoutTheDevelopmentTokenIsRefused() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret"), Jwts.HS256_SECRET);
        Refusal refusal = refused(MainArgs.hs256Jwts(secret, "--demo"));
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.output()).contains("--demo").contains("give --dev-token too");
    }

    @Test
    void repeatedApiKeyFlagsAddUpAndEachIsChecked() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret"), Jwts.HS256_SECRET);
        Refusal refusal = refused(MainArgs.hs256Jwts(secret, "--registered-api-key", "has space"));
        assertThat(refusal.exit()).isEqualTo(2);
        assertThat(refusal.output()).contains("\"apiKeys\" (--registered-api-key): entry 1");
    }
}
