package io.segexport.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.server.rpc.ServiceErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer tokens as signed JWTs (RFC 7519) and admits the caller when
 * <ol>
 *   <li>the token is a JWS (never {@code alg: none}, never encrypted) signed with an accepted
 *       algorithm: RS256 or ES256 with a public key of the JWK set (file or URL), HS256 with the
 *       shared secret; each algorithm is verified only with its own kind of key, so an HS256 token
 *       is never checked against an RSA public key (algorithm confusion);</li>
 *   <li>the signature verifies;</li>
 *   <li>{@code exp} is present and not past, {@code nbf} (when present) is not ahead, both with the
 *       configured clock skew;</li>
 *   <li>{@code iss} is the configured issuer and {@code aud} includes the configured audience;</li>
 *   <li>{@code x-api-key} is a registered client;</li>
 *   <li>the orgs claim (a string, or an array of strings) names the org of {@code x-gw-ims-org-id}.</li>
 * </ol>
 * Token failures answer 401013 (UNAUTHENTICATED), an unregistered API key 403003 and an org the
 * token does not name 403025 (PERMISSION_DENIED); the messages say what is wrong and never echo
 * the token, the secret or a key.
 */
public final class JwtAuthenticator implements Authenticator {
    private static final Logger logger = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final String INVALID = "Oauth token is not valid (Authorization header): ";
    /** How much of a token-supplied value (a kid, an algorithm name) a message may repeat. */
    private static final Pattern SAFE_ECHO = Pattern.compile("[A-Za-z0-9._:@+/=-]{1,64}");
    /** More candidate keys than this for one token (no kid, a large JWK set) are not tried. */
    private static final int MAX_CANDIDATE_KEYS = 8;

    private final AuthConfig config;
    private final Clock clock;
    private final JWKSet fileKeys;
    private final RemoteJwks remoteKeys;
    private final JWSVerifier hs256;
    private final Set<JWSAlgorithm> accepted;

    private JwtAuthenticator(
            AuthConfig config, Clock clock, JWKSet fileKeys, RemoteJwks remoteKeys, JWSVerifier hs256) {
        this.config = config;
        this.clock = clock;
        this.fileKeys = fileKeys;
        this.remoteKeys = remoteKeys;
        this.hs256 = hs256;
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        if (config.acceptsPublicKeys()) {
            algorithms.add(JWSAlgorithm.RS256);
            algorithms.add(JWSAlgorithm.ES256);
        }
        if (hs256 != null) {
            algorithms.add(JWSAlgorithm.HS256);
        }
        this.accepted = Set.copyOf(algorithms);
    }

    /**
     * Loads the key material: reads and checks the JWK set file, checks the secret, and tries the JWK
     * set URL once (a key server out of reach at start is logged, not fatal: keys are fetched again
     * when a token needs them). Throws {@link AuthConfigException} naming the setting at fault.
     */
    public static JwtAuthenticator create(AuthConfig config, Clock clock) {
        JWKSet fileKeys = config.jwksFile() == null ? null : loadFile(config);
        RemoteJwks remote = null;
        if (config.jwksUrl() != null) {
            remote = new RemoteJwks(config.jwksUrl(), config.jwksCacheTime(), config.jwksMinRefetchInterval(), clock);
            try {
                remote.fetchNow();
            } catch (IOException | ParseException | RuntimeException e) {
                logger.warn(
                        "The JWK set at {} could not be fetched at start ({}: {}); it is fetched again when a token needs it",
                        config.jwksUrl(),
                        e.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
        JWSVerifier hs256 = null;
        if (config.hs256Secret() != null) {
            try {
                hs256 = new MACVerifier(config.hs256Secret().getBytes(StandardCharsets.UTF_8));
            } catch (JOSEException e) {
                throw new AuthConfigException(
                        AuthSetting.HS256_SECRET.named() + " cannot be used for HS256: " + e.getMessage());
            }
        }
        return new JwtAuthenticator(config, clock, fileKeys, remote, hs256);
    }

    private static JWKSet loadFile(AuthConfig config) {
        String where = AuthSetting.JWKS_FILE.named() + " " + config.jwksFile();
        JWKSet keys;
        try {
            keys = JWKSet.load(config.jwksFile().toFile()).toPublicJWKSet();
        } catch (IOException e) {
            throw new AuthConfigException(
                    where + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } catch (ParseException e) {
            throw new AuthConfigException(where + " is not a JWK set ({\"keys\": [...]}): " + e.getMessage());
        }
        boolean usable = keys.getKeys().stream()
                .anyMatch(
                        key -> key instanceof RSAKey || (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())));
        if (!usable) {
            throw new AuthConfigException(where + " holds no RSA or EC P-256 public key");
        }
        return keys;
    }

    @Override
    public void authenticate(String bearerToken, String apiKey, String orgId) {
        SignedJWT jwt = parse(bearerToken);
        verifySignature(jwt);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the token's claims are not a valid JWT claims set");
        }
        checkTime(claims);
        checkIssuerAndAudience(claims);
        if (!config.apiKeys().contains(apiKey)) {
            throw ServiceErrors.gateway(
                    Status.Code.PERMISSION_DENIED,
                    GatewayErrorCodes.API_KEY_INVALID,
                    "Api Key is invalid: the x-api-key header does not name a registered client");
        }
        checkOrg(claims, orgId);
    }

    private static SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("the token is not a JWT (three base64url parts: header.payload.signature)");
        }
        if (jwt instanceof PlainJWT) {
            throw invalid("the token is unsigned (alg \"none\"); only signed tokens are accepted");
        }
        if (jwt instanceof EncryptedJWT) {
            throw invalid("the token is encrypted (JWE); only signed tokens (JWS) are accepted");
        }
        return (SignedJWT) jwt;
    }

    private void verifySignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!accepted.contains(algorithm)) {
            throw invalid("the token is signed with " + echo(algorithm.getName()) + ", and this server accepts "
                    + acceptedNames());
        }
        List<JWSVerifier> verifiers =
                algorithm.equals(JWSAlgorithm.HS256) ? List.of(hs256) : publicKeyVerifiers(header);
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | RuntimeException e) {
                // A key that cannot check this signature does not verify it; the next one may.
            }
        }
        throw invalid("the token's signature does not verify");
    }

    private List<JWSVerifier> publicKeyVerifiers(JWSHeader header) {
        JWSAlgorithm algorithm = header.getAlgorithm();
        JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                .keyType(algorithm.equals(JWSAlgorithm.RS256) ? KeyType.RSA : KeyType.EC)
                .keyID(header.getKeyID())
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(algorithm, null);
        if (algorithm.equals(JWSAlgorithm.ES256)) {
            matcher.curves(Curve.P_256);
        }
        JWKMatcher match = matcher.build();
        List<JWK> keys = fileKeys == null ? List.of() : new JWKSelector(match).select(fileKeys);
        if (keys.isEmpty() && remoteKeys != null) {
            try {
                keys = remoteKeys.select(match);
            } catch (RemoteJwks.KeysUnavailableException e) {
                throw ServiceErrors.gateway(
                        Status.Code.UNAVAILABLE,
                        GatewayErrorCodes.KEYS_UNAVAILABLE,
                        "The keys that verify tokens could not be fetched from the key server; try again later");
            }
        }
        if (keys.isEmpty()) {
            throw invalid(
                    header.getKeyID() != null
                            ? "the token's key id (kid " + echo(header.getKeyID()) + ") is not among this server's "
                                    + algorithm + " keys"
                            : "no " + algorithm + " key of this server matches the token");
        }
        List<JWSVerifier> verifiers = new ArrayList<>();
        for (JWK key : keys.subList(0, Math.min(keys.size(), MAX_CANDIDATE_KEYS))) {
            try {
                verifiers.add(key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key));
            } catch (JOSEException | RuntimeException e) {
                // An unusable key (e.g. an EC key of another curve) verifies nothing.
            }
        }
        return verifiers;
    }

    private void checkTime(JWTClaimsSet claims) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw invalid("the token has no expiry (exp claim)");
        }
        if (now.isAfter(expiry.toInstant().plus(config.clockSkew()))) {
            throw invalid("the token expired at " + expiry.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(config.clockSkew()))) {
            throw invalid("the token is not valid before " + notBefore.toInstant() + " (nbf claim)");
        }
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) {
        if (claims.getIssuer() == null) {
            throw invalid("the token has no issuer (iss claim)");
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            throw invalid("the token's issuer (iss claim) is not the issuer this server trusts");
        }
        List<String> audience = claims.getAudience();
        if (audience.isEmpty()) {
            throw invalid("the token has no audience (aud claim)");
        }
        if (!audience.contains(config.audience())) {
            throw invalid("the token's audience (aud claim) does not include this server's audience");
        }
    }

    private void checkOrg(JWTClaimsSet claims, String orgId) {
        Object value = claims.getClaim(config.orgsClaim());
        String claim = "the token's " + config.orgsClaim() + " claim";
        if (value == null) {
            throw ServiceErrors.gateway(
                    Status.Code.PERMISSION_DENIED,
                    GatewayErrorCodes.ORG_NOT_IN_TOKEN,
                    "Profile is not valid: the token names no orgs (no " + config.orgsClaim()
                            + " claim), so it may act for none");
        }
        boolean listed;
        if (value instanceof String org) {
            listed = org.equals(orgId);
        } else if (value instanceof List<?> orgs && orgs.stream().allMatch(String.class::isInstance)) {
            listed = orgs.contains(orgId);
        } else {
            throw invalid(claim + " must be a string or an array of strings");
        }
        if (!listed) {
            throw ServiceErrors.gateway(
                    Status.Code.PERMISSION_DENIED,
                    GatewayErrorCodes.ORG_NOT_IN_TOKEN,
                    "Profile is not valid: the org of x-gw-ims-org-id (" + orgId + ") is not among the orgs of " + claim
                            + "; the token may not act for it");
        }
    }

    private String acceptedNames() {
        List<String> names = new ArrayList<>();
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.HS256)) {
            if (accepted.contains(algorithm)) {
                names.add(algorithm.getName());
            }
        }
        return String.join(", ", names);
    }

    /** A token-supplied value in quotes when it is short and plain, else a placeholder. */
    private static String echo(String value) {
        return value != null && SAFE_ECHO.matcher(value).matches() ? "\"" + value + "\"" : "(an unprintable value)";
    }

    private static StatusRuntimeException invalid(String problem) {
        return ServiceErrors.gateway(Status.Code.UNAUTHENTICATED, GatewayErrorCodes.TOKEN_INVALID, INVALID + problem);
    }
}
