package io.segexport.server.auth;

import static io.segexport.server.auth.AuthSetting.API_KEYS;
import static io.segexport.server.auth.AuthSetting.AUDIENCE;
import static io.segexport.server.auth.AuthSetting.CLOCK_SKEW;
import static io.segexport.server.auth.AuthSetting.HS256_SECRET;
import static io.segexport.server.auth.AuthSetting.ISSUER;
import static io.segexport.server.auth.AuthSetting.JWKS_CACHE_TIME;
import static io.segexport.server.auth.AuthSetting.JWKS_FILE;
import static io.segexport.server.auth.AuthSetting.JWKS_MIN_REFETCH_INTERVAL;
import static io.segexport.server.auth.AuthSetting.JWKS_URL;
import static io.segexport.server.auth.AuthSetting.ORGS_CLAIM;

import io.segexport.server.auth.AuthSetting.Flag;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How bearer tokens are verified as signed JWTs, and which clients ({@code x-api-key}) are
 * registered. Built with a {@link Builder}, from the JSON file of {@code --auth-config}
 * ({@link AuthConfigFile}) and the flags that override it; {@link Builder#build()} refuses an
 * incomplete or wrong configuration with an {@link AuthConfigException} that names the
 * {@link AuthSetting} (its JSON name and its flag).
 *
 * @param issuer                 the only accepted {@code iss}
 * @param audience               the {@code aud} a token must include
 * @param jwksFile               public RS256/ES256 keys as a JWK set file, read at start; or null
 * @param jwksUrl                public RS256/ES256 keys as a JWK set served over HTTP(S), cached; or null
 * @param hs256Secret            the shared HS256 secret (at least 32 bytes), for local use; or null
 * @param orgsClaim              the claim that lists the orgs the token may act for (a string or an array of strings)
 * @param clockSkew              how far {@code exp} and {@code nbf} may be off the server's clock
 * @param jwksCacheTime          how long keys fetched from {@code jwksUrl} are used before they are fetched again
 * @param jwksMinRefetchInterval the least time between two fetches caused by a key id not found (0: no limit)
 * @param apiKeys                the registered clients: the {@code x-api-key} values accepted with a JWT
 */
public record AuthConfig(
        String issuer,
        String audience,
        Path jwksFile,
        URI jwksUrl,
        String hs256Secret,
        String orgsClaim,
        Duration clockSkew,
        Duration jwksCacheTime,
        Duration jwksMinRefetchInterval,
        Set<String> apiKeys) {
    public static final String DEFAULT_ORGS_CLAIM = "orgs";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_CACHE_TIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    /** HS256 needs a key of at least 256 bits (RFC 7518, 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /** What a server with neither JWTs nor a development token is told. */
    public static final String NOTHING_CONFIGURED = "no authentication is configured: give --auth-config FILE "
            + "(or the " + Flag.ISSUER + ", " + Flag.AUDIENCE + ", " + Flag.JWKS_FILE + "/" + Flag.JWKS_URL + "/"
            + Flag.HS256_SECRET_FILE + " and " + Flag.REGISTERED_API_KEY + " flags) to verify signed JWTs, or, "
            + "for local development only, --dev-token TOKEN (or SEGEXPORT_DEV_TOKEN)";

    public AuthConfig {
        apiKeys = Set.copyOf(apiKeys);
    }

    /** Whether HS256 tokens are accepted. */
    public boolean acceptsHs256() {
        return hs256Secret != null;
    }

    /** Whether RS256 and ES256 tokens are accepted. */
    public boolean acceptsPublicKeys() {
        return jwksFile != null || jwksUrl != null;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AuthConfig[issuer=" + issuer + ", audience=" + audience + ", jwksFile=" + jwksFile + ", jwksUrl="
                + jwksUrl + ", hs256Secret=" + (hs256Secret == null ? "none" : "(set)") + ", orgsClaim=" + orgsClaim
                + ", clockSkew=" + clockSkew + ", jwksCacheTime=" + jwksCacheTime + ", jwksMinRefetchInterval="
                + jwksMinRefetchInterval + ", apiKeys=" + apiKeys.size() + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings, from the file and the flags; the last value given wins, API keys add up. */
    public static final class Builder {
        private String issuer;
        private String audience;
        private Path jwksFile;
        private String jwksUrl;
        private String hs256Secret;
        private String orgsClaim = DEFAULT_ORGS_CLAIM;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration jwksCacheTime = DEFAULT_JWKS_CACHE_TIME;
        private Duration jwksMinRefetchInterval = DEFAULT_JWKS_MIN_REFETCH_INTERVAL;
        private final Set<String> apiKeys = new LinkedHashSet<>();

        private Builder() {}

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder jwksFile(Path jwksFile) {
            this.jwksFile = jwksFile;
            return this;
        }

        public Builder jwksUrl(String jwksUrl) {
            this.jwksUrl = jwksUrl;
            return this;
        }

        public Builder hs256Secret(String hs256Secret) {
            this.hs256Secret = hs256Secret;
            return this;
        }

        /** Reads the HS256 secret from a file, without its trailing line break. */
        public Builder hs256SecretFile(Path file) {
            try {
                return hs256Secret(
                        Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new AuthConfigException(HS256_SECRET.named() + ": the file " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }

        public Builder orgsClaim(String orgsClaim) {
            this.orgsClaim = orgsClaim;
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder jwksCacheTime(Duration jwksCacheTime) {
            this.jwksCacheTime = jwksCacheTime;
            return this;
        }

        public Builder jwksMinRefetchInterval(Duration jwksMinRefetchInterval) {
            this.jwksMinRefetchInterval = jwksMinRefetchInterval;
            return this;
        }

        public Builder addApiKey(String apiKey) {
            apiKeys.add(apiKey);
            return this;
        }

        public Builder addApiKeys(Collection<String> keys) {
            keys.forEach(this::addApiKey);
            return this;
        }

        /** Checks every setting; the first one wrong is named in the exception. */
        public AuthConfig build() {
            require(ISSUER, issuer);
            require(AUDIENCE, audience);
            if (jwksFile == null && jwksUrl == null && hs256Secret == null) {
                throw new AuthConfigException("no key to verify tokens with: set " + JWKS_FILE.named() + " or "
                        + JWKS_URL.named() + " for RS256/ES256, or " + HS256_SECRET.named() + " for HS256");
            }
            URI url = jwksUrl == null ? null : url(jwksUrl);
            if (hs256Secret != null && hs256Secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new AuthConfigException(HS256_SECRET.named() + " must be at least " + MIN_SECRET_BYTES
                        + " bytes (HS256 needs a 256-bit key)");
            }
            require(ORGS_CLAIM, orgsClaim);
            within(CLOCK_SKEW, clockSkew, Duration.ZERO, MAX_CLOCK_SKEW);
            within(JWKS_CACHE_TIME, jwksCacheTime, Duration.ofSeconds(1), Duration.ofDays(1));
            within(JWKS_MIN_REFETCH_INTERVAL, jwksMinRefetchInterval, Duration.ZERO, Duration.ofHours(1));
            if (apiKeys.isEmpty()) {
                throw new AuthConfigException(API_KEYS.named() + " must list at least one registered client "
                        + "(the x-api-key values that may call with a JWT)");
            }
            int i = 0;
            for (String key : apiKeys) {
                if (key == null
                        || key.isBlank()
                        || key.length() > 256
                        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new AuthConfigException(API_KEYS.named() + ": entry " + i + " must be 1 to 256 visible "
                            + "ASCII characters, without spaces");
                }
                i++;
            }
            return new AuthConfig(
                    issuer,
                    audience,
                    jwksFile,
                    url,
                    hs256Secret,
                    orgsClaim,
                    clockSkew,
                    jwksCacheTime,
                    jwksMinRefetchInterval,
                    apiKeys);
        }

        private static void require(AuthSetting setting, String value) {
            if (value == null || value.isBlank()) {
                throw new AuthConfigException(setting.named() + " is required");
            }
        }

        private static void within(AuthSetting setting, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new AuthConfigException(setting.named() + " must be between " + min.toSeconds() + " and "
                        + max.toSeconds() + " seconds, not " + (value == null ? "null" : value.toSeconds()));
            }
        }

        private static URI url(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new AuthConfigException(JWKS_URL.named() + " is not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new AuthConfigException(
                        JWKS_URL.named() + " must be an http:// or https:// URL with a host, not " + text);
            }
            return uri;
        }
    }
}
