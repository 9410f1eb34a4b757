package io.segexport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --auth-config file and the flags' builder: what is read, and each refusal naming its setting. */
class AuthConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path folder;

    private Path file(String json) throws Exception {
        return Files.writeString(folder.resolve("auth.json"), json);
    }

    private static AuthConfig.Builder complete() {
        return AuthConfig.builder().issuer("iss").audience("aud").hs256Secret(SECRET).addApiKey("client");
    }

    @Test
    void aCompleteFileIsReadWithDefaultsForWhatItLeavesOut() throws Exception {
        AuthConfig config = AuthConfig.fromFile(file("""
                {"issuer": "https://ims.example", "audience": "segexport", "jwksFile": "keys/jwks.json",
                 "jwksUrl": "https://ims.example/jwks", "hs256Secret": "%s", "apiKeys": ["a", "b"]}
                """.formatted(SECRET))).build();

        assertThat(config.issuer()).isEqualTo("https://ims.example");
        assertThat(config.audience()).isEqualTo("segexport");
        assertThat(config.jwksFile()).as("relative to the file's folder").isEqualTo(folder.toAbsolutePath().resolve("keys/jwks.json"));
        assertThat(config.jwksUrl()).hasToString("https://ims.example/jwks");
        assertThat(config.apiKeys()).containsExactlyInAnyOrder("a", "b");
        assertThat(config.orgsClaim()).isEqualTo("orgs");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jwksCacheTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.jwksMinRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toString()).as("toString hides the secret").doesNotContain(SECRET).contains("hs256Secret=(set)");
    }

    @Test
    void theTuningSettingsAreRead() throws Exception {
        AuthConfig config = AuthConfig.fromFile(file("""
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
        AuthConfig config = AuthConfig.fromFile(file("""
                {"issuer": "from-file", "audience": "aud", "hs256Secret": "%s", "apiKeys": ["file-client"]}
                """.formatted(SECRET))).issuer("from-flag").addApiKey("flag-client").build();
        assertThat(config.issuer()).isEqualTo("from-flag");
        assertThat(config.apiKeys()).containsExactlyInAnyOrder("file-client", "flag-client");
    }

    @Test
    void anUnreadableFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> AuthConfig.fromFile(folder.resolve("missing.json")))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("--auth-config").hasMessageContaining("missing.json")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void malformedJsonIsRefusedWithItsPlace() throws Exception {
        Path file = file("{\"issuer\": \"x\",\n \"audience\" \"y\"}");
        assertThatThrownBy(() -> AuthConfig.fromFile(file)).isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("is not valid JSON").hasMessageContaining("line 2");
    }

    @Test
    void aFileThatIsNotAnObjectIsRefused() throws Exception {
        Path file = file("[\"issuer\"]");
        assertThatThrownBy(() -> AuthConfig.fromFile(file)).hasMessageContaining("must hold a JSON object of settings");
    }

    @Test
    void anUnknownSettingIsRefusedNamingIt() throws Exception {
        Path file = file("{\"issuer\": \"x\", \"audiance\": \"y\"}");
        assertThatThrownBy(() -> AuthConfig.fromFile(file)).isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("unknown setting \"audiance\"").hasMessageContaining("audience");
    }

    @Test
    void aSettingOfTheWrongTypeIsRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> AuthConfig.fromFile(file("{\"issuer\": 5}"))).hasMessageContaining("\"issuer\" must be a string, not number");
        assertThatThrownBy(() -> AuthConfig.fromFile(file("{\"apiKeys\": \"k\"}"))).hasMessageContaining("\"apiKeys\" must be an array of strings");
        assertThatThrownBy(() -> AuthConfig.fromFile(file("{\"apiKeys\": [\"k\", 7]}"))).hasMessageContaining("\"apiKeys[1]\" must be a string");
        assertThatThrownBy(() -> AuthConfig.fromFile(file("{\"clockSkewSeconds\": \"60\"}"))).hasMessageContaining("\"clockSkewSeconds\" must be a whole number of seconds");
        assertThatThrownBy(() -> AuthConfig.fromFile(file("{\"clockSkewSeconds\": 1.5}"))).hasMessageContaining("\"clockSkewSeconds\" must be a whole number of seconds");
    }

    @Test
    void aRepeatedSettingIsRefused() throws Exception {
        Path file = file("{\"issuer\": \"x\", \"issuer\": \"y\"}");
        assertThatThrownBy(() -> AuthConfig.fromFile(file)).hasMessageContaining("Duplicate field 'issuer'");
    }

    @Test
    void eachMissingRequiredSettingIsNamedWithItsFlag() {
        assertThatThrownBy(() -> complete().issuer(null).build()).hasMessage("auth config: \"issuer\" (--jwt-issuer) is required");
        assertThatThrownBy(() -> complete().audience(" ").build()).hasMessage("auth config: \"audience\" (--jwt-audience) is required");
        assertThatThrownBy(() -> complete().hs256Secret(null).build()).hasMessageContaining("no key to verify tokens with")
                .hasMessageContaining("\"jwksFile\" (--jwks-file)").hasMessageContaining("\"jwksUrl\" (--jwks-url)")
                .hasMessageContaining("\"hs256Secret\" (--jwt-hs256-secret-file)");
        assertThatThrownBy(() -> AuthConfig.builder().issuer("i").audience("a").hs256Secret(SECRET).build())
                .hasMessageContaining("\"apiKeys\" (--registered-api-key) must list at least one registered client");
    }

    @Test
    void wrongValuesAreNamed() {
        assertThatThrownBy(() -> complete().hs256Secret("short").build())
                .hasMessageContaining("\"hs256Secret\" (--jwt-hs256-secret-file) must be at least 32 bytes")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> complete().jwksUrl("ftp://keys.example/jwks").build())
                .hasMessageContaining("\"jwksUrl\" (--jwks-url) must be an http:// or https:// URL");
        assertThatThrownBy(() -> complete().jwksUrl("https://exa mple/").build()).hasMessageContaining("\"jwksUrl\" (--jwks-url) is not a URL");
        assertThatThrownBy(() -> complete().clockSkew(Duration.ofMinutes(10)).build())
                .hasMessageContaining("\"clockSkewSeconds\" must be between 0 and 300 seconds, not 600");
        assertThatThrownBy(() -> complete().jwksCacheTime(Duration.ZERO).build()).hasMessageContaining("\"jwksCacheSeconds\"");
        assertThatThrownBy(() -> complete().jwksMinRefetchInterval(Duration.ofSeconds(-1)).build()).hasMessageContaining("\"jwksMinRefetchSeconds\"");
        assertThatThrownBy(() -> complete().orgsClaim("").build()).hasMessageContaining("\"orgsClaim\" is required");
        assertThatThrownBy(() -> complete().addApiKey("has space").build()).hasMessageContaining("\"apiKeys\" (--registered-api-key): entry 1");
    }

    @Test
    void theSecretFileLosesItsLineBreak() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret"), SECRET + "\n");
        assertThat(complete().hs256SecretFile(secret).build().hs256Secret()).isEqualTo(SECRET);
        assertThatThrownBy(() -> complete().hs256SecretFile(folder.resolve("nope"))).hasMessageContaining("\"hs256Secret\" (--jwt-hs256-secret-file): the file");
    }

    @Test
    void aJwksFileThatCannotBeUsedIsRefusedAtStartNamingIt() throws Exception {
        Path missing = folder.resolve("missing-jwks.json");
        assertThatThrownBy(() -> JwtAuthenticator.create(complete().jwksFile(missing).build(), Clock.systemUTC()))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("\"jwksFile\" (--jwks-file) " + missing)
                .hasMessageContaining("cannot be read");
        Path notJwks = Files.writeString(folder.resolve("not-jwks.json"), "{\"kty\": \"RSA\"}");
        assertThatThrownBy(() -> JwtAuthenticator.create(complete().jwksFile(notJwks).build(), Clock.systemUTC()))
                .hasMessageContaining("\"jwksFile\" (--jwks-file)").hasMessageContaining("is not a JWK set");
        Path symmetricOnly = Files.writeString(folder.resolve("oct.json"),
                "{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}");
        assertThatThrownBy(() -> JwtAuthenticator.create(complete().jwksFile(symmetricOnly).build(), Clock.systemUTC()))
                .hasMessageContaining("holds no RSA or EC P-256 public key");
    }

    @Test
    void neitherJwtsNorADevelopmentTokenIsRefusedSayingWhatToConfigure() {
        assertThatThrownBy(() -> ConfiguredAuthenticator.create(null, null, Clock.systemUTC()))
                .isInstanceOf(AuthConfigException.class).hasMessageContaining("no authentication is configured")
                .hasMessageContaining("--auth-config FILE").hasMessageContaining("--dev-token TOKEN");
    }
}
