package io.segexport.server;

import io.segexport.server.auth.AuthConfig;
import io.segexport.server.auth.AuthConfigFile;
import io.segexport.server.auth.AuthSetting.Flag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command line's JWT settings: the {@code --auth-config} file, and the flags that override it.
 * Picocli makes one only when at least one of them is given: without, JWTs are not configured.
 */
final class JwtOptions {
    @Option(
            names = "--auth-config",
            paramLabel = "FILE",
            description =
                    "A JSON file of JWT settings (issuer, audience, jwksFile, jwksUrl, hs256Secret, orgsClaim, "
                            + "clockSkewSeconds, jwksCacheSeconds, jwksMinRefetchSeconds, apiKeys); the flags below override it.")
    private Path file;

    @Option(names = Flag.ISSUER, paramLabel = "ISS", description = "The only accepted iss of a token.")
    private String issuer;

    @Option(names = Flag.AUDIENCE, paramLabel = "AUD", description = "The aud a token must include.")
    private String audience;

    @Option(
            names = Flag.JWKS_FILE,
            paramLabel = "FILE",
            description = "RS256/ES256 public keys: a JWK set file, read at start.")
    private Path jwksFile;

    @Option(
            names = Flag.JWKS_URL,
            paramLabel = "URL",
            description = "RS256/ES256 public keys: a JWK set URL, fetched and cached.")
    private String jwksUrl;

    @Option(
            names = Flag.HS256_SECRET_FILE,
            paramLabel = "FILE",
            description = "HS256, for local use: a file holding the shared secret (at least 32 bytes).")
    private Path hs256SecretFile;

    @Option(
            names = Flag.REGISTERED_API_KEY,
            paramLabel = "KEY",
            description =
                    "A registered client: an x-api-key accepted with a JWT; repeat for more (adds to the file's apiKeys).")
    private List<String> apiKeys = new ArrayList<>();

    /** The settings of the file, if any, overridden by the flags; the API keys of both add up. */
    AuthConfig config() {
        AuthConfig.Builder builder = file != null ? AuthConfigFile.read(file) : AuthConfig.builder();
        if (issuer != null) {
            builder.issuer(issuer);
        }
        if (audience != null) {
            builder.audience(audience);
        }
        if (jwksFile != null) {
            builder.jwksFile(jwksFile.toAbsolutePath());
        }
        if (jwksUrl != null) {
            builder.jwksUrl(jwksUrl);
        }
        if (hs256SecretFile != null) {
            builder.hs256SecretFile(hs256SecretFile);
        }
        return builder.addApiKeys(apiKeys).build();
    }
}
