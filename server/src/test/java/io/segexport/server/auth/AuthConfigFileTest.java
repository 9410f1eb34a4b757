package io.segexport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --auth-config file: what is read, what flags add to it, and each refusal naming the file and its setting. */
class AuthConfigFileTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path folder;

    private Path file(String json) throws Exception {
        return Files.writeString(folder.resolve("auth.json"), json);
    }

    @Test
    void aCompleteFileIsReadWithDefaultsForWhatItLeavesOut() throws Exception {
        AuthConfig config = AuthConfigFile.read(file("""
                {"issuer": "https://ims.example", "audience": "segexport", "jwksFile": "keys/jwks.json",
                 "jwksUrl": "https://ims.example/jwks", "hs256Secret": "%s", "apiKeys": ["a", "b"]}
                """.formatted(SECRET))).build();

        assertThat(config.issuer()).isEqualTo("https://ims.example");
        assertThat(config.audience()).isEqualTo("segexport");
        assertThat(config.jwksFile())
                .as("relative to the file's folder")
                .isEqualTo(folder.toAbsolutePath().resolve("keys/jwks.json"));
        assertThat(config.jwksUrl()).hasToString("https://ims.example/jwks");
        assertThat(config.apiKeys()).containsExactlyInAnyOrder("a", "b");
        assertThat(config.orgsClaim()).isEqualTo("orgs");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jwksCacheTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.jwksMinRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toString())
                .as("toString hides the secret")
                .doesNotContain(SECRET)
                .contains("hs256Secret=(set)");
    }

    @Test
    void theTuningSettingsAreRead() throws Exception {
        AuthConfig config = AuthConfigFile.read(file("""
                {"issuer": "i", "audience": "a", "hs256Secret": "%s", "apiKeys": ["k"], "orgsClaim": "tenants",
                 "clockSkewSeconds": 0, "jwksCacheSeconds": 60, "jwksMinRefetchSeconds": 0}
                """.formatted(SECRET))).build();
        assertThat(config.orgsClaim()).isEqualTo("tenants");
        assertThat(config.clockSkew()).isZero();
        assertThat(config.jwksCacheTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jwksMinRefetchInterval()).isZero();
    }

    @Test
    void flagsOverrideTheFileAndApiKeysAddUp() throws Exception {
        AuthConfig config = AuthConfigFile.read(file("""
                {"issuer": "from-file", "audience": "aud", "hs256Secret": "%s", "apiKeys": ["file-client"]}
                """.formatted(SECRET)))
                .issuer("from-flag")
                .addApiKey("flag-client")
                .build();
        assertThat(config.issuer()).isEqualTo("from-flag");
        assertThat(config.apiKeys()).containsExactlyInAnyOrder("file-client", "flag-client");
    }

    @Test
    void anUnreadableFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> AuthConfigFile.read(folder.resolve("missing.json")))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("--auth-config")
                .hasMessageContaining("missing.json")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void malformedJsonIsRefusedWithItsPlace() throws Exception {
        Path file = file("{\"issuer\": \"x\",\n \"audience\" \"y\"}");
        assertThatThrownBy(() -> AuthConfigFile.read(file))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("is not valid JSON")
                .hasMessageContaining("line 2");
    }

    @Test
    void aFileThatIsNotAnObjectIsRefused() throws Exception {
        Path file = file("[\"issuer\"]");
        assertThatThrownBy(() -> AuthConfigFile.read(file)).hasMessageContaining("must hold a JSON object of settings");
    }

    @Test
    void anUnknownSettingIsRefusedNamingIt() throws Exception {
        Path file = file("{\"issuer\": \"x\", \"audiance\": \"y\"}");
        assertThatThrownBy(() -> AuthConfigFile.read(file))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("unknown setting \"audiance\"")
                .hasMessageContaining("audience");
    }

    @Test
    void aSettingOfTheWrongTypeIsRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> AuthConfigFile.read(file("{\"issuer\": 5}")))
                .hasMessageContaining("\"issuer\" must be a string, not number");
        assertThatThrownBy(() -> AuthConfigFile.read(file("{\"apiKeys\": \"k\"}")))
                .hasMessageContaining("\"apiKeys\" must be an array of strings");
        assertThatThrownBy(() -> AuthConfigFile.read(file("{\"apiKeys\": [\"k\", 7]}")))
                .hasMessageContaining("\"apiKeys[1]\" must be a string");
        assertThatThrownBy(() -> AuthConfigFile.read(file("{\"clockSkewSeconds\": \"60\"}")))
                .hasMessageContaining("\"clockSkewSeconds\" must be a whole number of seconds");
        assertThatThrownBy(() -> AuthConfigFile.read(file("{\"clockSkewSeconds\": 1.5}")))
                .hasMessageContaining("\"clockSkewSeconds\" must be a whole number of seconds");
    }

    @Test
    void aRepeatedSettingIsRefused() throws Exception {
        Path file = file("{\"issuer\": \"x\", \"issuer\": \"y\"}");
        assertThatThrownBy(() -> AuthConfigFile.read(file)).hasMessageContaining("Duplicate field 'issuer'");
    }
}
