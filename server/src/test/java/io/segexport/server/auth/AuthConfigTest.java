package io.segexport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags' builder: each refusal naming its setting and flag, and the key material checked at start. */
class AuthConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path folder;

    private static AuthConfig.Builder complete() {
        return AuthConfig.builder()
                .issuer("iss")
                .audience("aud")
                .hs256Secret(SECRET)
                .addApiKey("client");
    }

    @Test
    void eachMissingRequiredSettingIsNamedWithItsFlag() {
        assertThatThrownBy(() -> complete().issuer(null).build())
                .hasMessage("auth config: \"issuer\" (--jwt-issuer) is required");
        assertThatThrownBy(() -> complete().audience(" ").build())
                .hasMessage("auth config: \"audience\" (--jwt-audience) is required");
        assertThatThrownBy(() -> complete().hs256Secret(null).build())
                .hasMessageContaining("no key to verify tokens with")
                .hasMessageContaining("\"jwksFile\" (--jwks-file)")
                .hasMessageContaining("\"jwksUrl\" (--jwks-url)")
                .hasMessageContaining("\"hs256Secret\" (--jwt-hs256-secret-file)");
        assertThatThrownBy(() -> AuthConfig.builder()
                        .issuer("i")
                        .audience("a")
                        .hs256Secret(SECRET)
                        .build())
                .hasMessageContaining("\"apiKeys\" (--registered-api-key) must list at least one registered client");
    }

    @Test
    void wrongValuesAreNamed() {
        assertThatThrownBy(() -> complete().hs256Secret("short").build())
                .hasMessageContaining("\"hs256Secret\" (--jwt-hs256-secret-file) must be at least 32 bytes")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> complete().jwksUrl("ftp://keys.example/jwks").build())
                .hasMessageContaining("\"jwksUrl\" (--jwks-url) must be an http:// or https:// URL");
        assertThatThrownBy(() -> complete().jwksUrl("https://exa mple/").build())
                .hasMessageContaining("\"jwksUrl\" (--jwks-url) is not a URL");
        assertThatThrownBy(() -> complete().clockSkew(Duration.ofMinutes(10)).build())
                .hasMessageContaining("\"clockSkewSeconds\" must be between 0 and 300 seconds, not 600");
        assertThatThrownBy(() -> complete().jwksCacheTime(Duration.ZERO).build())
                .hasMessageContaining("\"jwksCacheSeconds\"");
        assertThatThrownBy(() -> complete()
                        .jwksMinRefetchInterval(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("\"jwksMinRefetchSeconds\"");
        assertThatThrownBy(() -> complete().orgsClaim("").build()).hasMessageContaining("\"orgsClaim\" is required");
        assertThatThrownBy(() -> complete().addApiKey("has space").build())
                .hasMessageContaining("\"apiKeys\" (--registered-api-key): entry 1");
    }

    @Test
    void theSecretFileLosesItsLineBreak() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret"), SECRET + "\n");
        assertThat(complete().hs256SecretFile(secret).build().hs256Secret()).isEqualTo(SECRET);
        assertThatThrownBy(() -> complete().hs256SecretFile(folder.resolve("nope")))
                .hasMessageContaining("\"hs256Secret\" (--jwt-hs256-secret-file): the file");
    }

    @Test
    void aJwksFileThatCannotBeUsedIsRefusedAtStartNamingIt() throws Exception {
        Path missing = folder.resolve("missing-jwks.json");
        assertThatThrownBy(() ->
                        JwtAuthenticator.create(complete().jwksFile(missing).build(), Clock.systemUTC()))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("\"jwksFile\" (--jwks-file) " + missing)
                .hasMessageContaining("cannot be read");
        Path notJwks = Files.writeString(folder.resolve("not-jwks.json"), "{\"kty\": \"RSA\"}");
        assertThatThrownBy(() ->
                        JwtAuthenticator.create(complete().jwksFile(notJwks).build(), Clock.systemUTC()))
                .hasMessageContaining("\"jwksFile\" (--jwks-file)")
                .hasMessageContaining("is not a JWK set");
        Path symmetricOnly = Files.writeString(
                folder.resolve("oct.json"),
                "{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}");
        assertThatThrownBy(() -> JwtAuthenticator.create(
                        complete().jwksFile(symmetricOnly).build(), Clock.systemUTC()))
                .hasMessageContaining("holds no RSA or EC P-256 public key");
    }

    @Test
    void neitherJwtsNorADevelopmentTokenIsRefusedSayingWhatToConfigure() {
        assertThatThrownBy(() -> ConfiguredAuthenticator.create(null, null, Clock.systemUTC()))
                .isInstanceOf(AuthConfigException.class)
                .hasMessageContaining("no authentication is configured")
                .hasMessageContaining("--auth-config FILE")
                .hasMessageContaining("--dev-token TOKEN");
    }
}
