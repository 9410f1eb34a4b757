package io.segexport.server;

import static io.segexport.server.AuthProbe.bearer;
import static io.segexport.server.AuthProbe.headers;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Status;
import io.segexport.server.auth.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed JWTs against a real server whose keys are a JWK set file (an RSA and an EC P-256 key made
 * here) and an HS256 secret: what is admitted, and every refusal, each over REST (status and the
 * gateway body) and gRPC (status and the ErrorInfo reason).
 */
class JwtAuthTest {
    private static final RSAKey RSA = Jwts.rsa("rsa-1");
    private static final ECKey EC = Jwts.ec("ec-1");
    /** Not in the server's keys, but with the same kid as the one that is. */
    private static final RSAKey IMPOSTOR = Jwts.rsa("rsa-1");

    @RegisterExtension
    static final AuthServer server = new AuthServer(folder -> AuthConfig.builder()
            .issuer(Jwts.ISSUER)
            .audience(Jwts.AUDIENCE)
            .jwksFile(Jwts.writeJwks(folder.resolve("jwks.json"), RSA, EC))
            .hs256Secret(Jwts.HS256_SECRET)
            .addApiKey(Jwts.API_KEY)
            .addApiKey("another-client")
            .build());

    private static String org() {
        return Tenant.fresh().orgId();
    }

    private static void refusedAsInvalid(String token, String org, String says) {
        server.probe().assertRefused(bearer(token, org), 401, "401013", Status.Code.UNAUTHENTICATED, says);
    }

    // --- admitted ---

    @Test
    void rs256TokenSignedWithAKeyOfTheJwksFileIsAdmitted() {
        String org = org();
        server.probe().assertAdmitted(bearer(Jwts.sign(RSA, Jwts.valid(org)), org));
    }

    @Test
    void es256TokenSignedWithAKeyOfTheJwksFileIsAdmitted() {
        String org = org();
        server.probe().assertAdmitted(bearer(Jwts.sign(EC, Jwts.valid(org)), org));
    }

    @Test
    void hs256TokenSignedWithTheSharedSecretIsAdmitted() {
        String org = org();
        server.probe().assertAdmitted(bearer(Jwts.hs256(Jwts.valid(org)), org));
    }

    @Test
    void tokenWithoutKidIsCheckedAgainstTheKeysOfItsAlgorithm() throws JOSEException {
        String org = org();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), Jwts.valid(org));
        jwt.sign(new RSASSASigner(RSA));
        server.probe().assertAdmitted(bearer(jwt.serialize(), org));
    }

    @Test
    void multiOrgTokenIsAdmittedForEachListedOrgAndItsDataStaysInThatOrg() {
        List<String> orgs = List.of(org(), org(), org());
        String token = Jwts.sign(RSA, Jwts.claims(orgs).build());
        for (String org : orgs) {
            server.probe().assertAdmitted(bearer(token, org));
        }
        RestClient first =
                new RestClient(server.httpPort(), new Tenant(orgs.get(0), AuthProbe.SANDBOX, Jwts.API_KEY, token));
        RestClient second =
                new RestClient(server.httpPort(), new Tenant(orgs.get(1), AuthProbe.SANDBOX, Jwts.API_KEY, token));
        String dataSet = first.createDataSet();
        assertThat(first.get("/data/foundation/catalog/dataSets/" + dataSet).status())
                .isEqualTo(200);
        assertThat(second.get("/data/foundation/catalog/dataSets/" + dataSet).status())
                .isEqualTo(404);
    }

    @Test
    void orgsClaimAsASingleStringIsAdmittedForThatOrg() {
        String org = org();
        server.probe().assertAdmitted(bearer(Jwts.sign(RSA, Jwts.claims(org).build()), org));
    }

    @Test
    void audienceArrayThatIncludesTheServersAudienceIsAdmitted() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org))
                .audience(List.of("another-api", Jwts.AUDIENCE))
                .build();
        server.probe().assertAdmitted(bearer(Jwts.sign(EC, claims), org));
    }

    @Test
    void tokenExpiredLessThanTheClockSkewAgoIsAdmitted() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org))
                .expirationTime(Date.from(Instant.now().minusSeconds(20)))
                .build();
        server.probe().assertAdmitted(bearer(Jwts.sign(RSA, claims), org));
    }

    @Test
    void everyRegisteredApiKeyIsAdmitted() {
        String org = org();
        String token = Jwts.sign(RSA, Jwts.valid(org));
        server.probe().assertAdmitted(headers("Bearer " + token, "another-client", org));
    }

    // --- refused: the token ---

    @Test
    void badSignatureIsRefused() {
        String org = org();
        refusedAsInvalid(Jwts.sign(IMPOSTOR, Jwts.valid(org)), org, "signature does not verify");
    }

    @Test
    void payloadChangedAfterSigningIsRefused() {
        String org = org();
        String[] signedForAnother = Jwts.sign(RSA, Jwts.valid(org())).split("\\.");
        String payload = Base64URL.encode(Jwts.valid(org).toString()).toString();
        refusedAsInvalid(
                signedForAnother[0] + "." + payload + "." + signedForAnother[2], org, "signature does not verify");
    }

    @Test
    void hs256TokenSignedWithAnotherSecretIsRefused() {
        String org = org();
        byte[] other = "another-secret-of-more-than-32-bytes-length".getBytes(StandardCharsets.UTF_8);
        refusedAsInvalid(Jwts.hs256(other, null, Jwts.valid(org)), org, "signature does not verify");
    }

    @Test
    void expiredTokenIsRefused() {
        String org = org();
        Instant expiry = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JWTClaimsSet claims =
                Jwts.claims(List.of(org)).expirationTime(Date.from(expiry)).build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "the token expired at " + expiry);
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org)).expirationTime(null).build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "no expiry (exp claim)");
    }

    @Test
    void notYetValidTokenIsRefused() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org))
                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
                .build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "not valid before");
    }

    @Test
    void wrongIssuerIsRefused() {
        String org = org();
        JWTClaimsSet claims =
                Jwts.claims(List.of(org)).issuer("https://evil.example").build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "issuer (iss claim) is not the issuer this server trusts");
    }

    @Test
    void missingIssuerIsRefused() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org)).issuer(null).build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "no issuer (iss claim)");
    }

    @Test
    void wrongAudienceIsRefused() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org)).audience("another-api").build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "audience (aud claim) does not include this server's audience");
    }

    @Test
    void missingAudienceIsRefused() {
        String org = org();
        JWTClaimsSet claims = Jwts.claims(List.of(org)).audience((String) null).build();
        refusedAsInvalid(Jwts.sign(RSA, claims), org, "no audience (aud claim)");
    }

    @Test
    void algNoneIsRefused() {
        String org = org();
        refusedAsInvalid(Jwts.unsigned(Jwts.valid(org)), org, "unsigned (alg \"none\")");
    }

    @Test
    void algNoneWithAnRsaSignatureKeptIsRefused() {
        String org = org();
        String[] signed = Jwts.sign(RSA, Jwts.valid(org)).split("\\.");
        String none = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}").toString();
        refusedAsInvalid(none + "." + signed[1] + "." + signed[2], org, "not a JWT");
    }

    @Test
    void hs256TokenKeyedWithTheRsaPublicKeyIsRefused() throws JOSEException {
        // Algorithm confusion: the public key (which anyone may have) used as an HMAC secret, in
        // the hope that the server checks HS256 with the RSA key named by the kid.
        String org = org();
        for (byte[] publicKey : List.of(
                RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                RSA.toRSAPublicKey().getEncoded(),
                pem(RSA.toRSAPublicKey().getEncoded()).getBytes(StandardCharsets.US_ASCII))) {
            refusedAsInvalid(Jwts.hs256(publicKey, "rsa-1", Jwts.valid(org)), org, "signature does not verify");
        }
    }

    @Test
    void rs256SignatureUnderAnEs256HeaderIsRefused() {
        String org = org();
        String[] signed = Jwts.sign(RSA, Jwts.valid(org)).split("\\.");
        String header =
                Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}").toString();
        refusedAsInvalid(
                header + "." + signed[1] + "." + signed[2],
                org,
                "(kid \"rsa-1\") is not among this server's ES256 keys");
    }

    @Test
    void algorithmTheServerDoesNotAcceptIsRefused() throws JOSEException {
        String org = org();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa-1").build(), Jwts.valid(org));
        jwt.sign(new RSASSASigner(RSA));
        refusedAsInvalid(jwt.serialize(), org, "signed with \"PS256\", and this server accepts RS256, ES256, HS256");
    }

    @Test
    void keyCarriedInTheTokenItselfIsNeverTrusted() throws JOSEException {
        String org = org();
        RSAKey attacker = Jwts.rsa("rsa-1");
        for (String kid : List.of("rsa-1", "attacker")) {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(kid)
                            .jwk(attacker.toPublicJWK())
                            .jwkURL(java.net.URI.create("http://127.0.0.1:1/jwks.json"))
                            .build(),
                    Jwts.valid(org));
            jwt.sign(new RSASSASigner(attacker));
            refusedAsInvalid(
                    jwt.serialize(),
                    org,
                    kid.equals("rsa-1") ? "signature does not verify" : "(kid \"attacker\") is not among");
        }
    }

    @Test
    void unknownKidIsRefused() {
        String org = org();
        refusedAsInvalid(
                Jwts.sign(Jwts.rsa("rsa-unknown"), Jwts.valid(org)), org, "(kid \"rsa-unknown\") is not among");
    }

    @Test
    void encryptedTokenIsRefused() throws JOSEException {
        String org = org();
        EncryptedJWT jwt =
                new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM), Jwts.valid(org));
        jwt.encrypt(new RSAEncrypter(RSA));
        refusedAsInvalid(jwt.serialize(), org, "encrypted (JWE)");
    }

    @Test
    void malformedJwtIsRefused() {
        String org = org();
        for (String token : List.of(
                "not-a-jwt",
                "a.b",
                "a.b.c",
                "eyJhbGciOiJSUzI1NiJ9.e30",
                "....",
                Base64URL.encode("{\"alg\":\"RS256\"").toString() + ".e30.AAAA")) {
            refusedAsInvalid(token, org, "not a JWT");
        }
    }

    @Test
    void claimsThatAreNotAJsonObjectAreRefused() throws JOSEException {
        String org = org();
        String header = Base64URL.encode("{\"alg\":\"HS256\"}").toString();
        String payload = Base64URL.encode("[1,2,3]").toString();
        var mac = new com.nimbusds.jose.crypto.MACSigner(Jwts.HS256_SECRET.getBytes(StandardCharsets.UTF_8));
        String signature = mac.sign(
                        new JWSHeader(JWSAlgorithm.HS256), (header + "." + payload).getBytes(StandardCharsets.US_ASCII))
                .toString();
        refusedAsInvalid(header + "." + payload + "." + signature, org, "claims are not a valid JWT claims set");
    }

    @Test
    void deeplyNestedHeaderIsRefusedAndTheServerStaysUp() {
        String org = org();
        String header = Base64URL.encode("{\"alg\":\"RS256\",\"x\":" + "[".repeat(1500) + "]".repeat(1500) + "}")
                .toString();
        refusedAsInvalid(header + ".e30.AAAA", org, "Oauth token is not valid");
        server.probe().assertAdmitted(bearer(Jwts.sign(RSA, Jwts.valid(org)), org));
    }

    @Test
    void developmentTokenIsNotAcceptedWhenItWasNotAskedFor() {
        String org = org();
        refusedAsInvalid(TestServer.TOKEN, org, "not a JWT");
    }

    @Test
    void orgsClaimOfTheWrongTypeIsRefused() {
        String org = org();
        refusedAsInvalid(
                Jwts.sign(RSA, Jwts.claims(Map.of("org", org)).build()),
                org,
                "orgs claim must be a string or an array of strings");
        refusedAsInvalid(
                Jwts.sign(RSA, Jwts.claims(List.of(org, 5)).build()),
                org,
                "orgs claim must be a string or an array of strings");
    }

    // --- refused: the org, the api key, the headers ---

    @Test
    void orgNotInTokenIsRefused() {
        String org = org();
        String token = Jwts.sign(RSA, Jwts.claims(List.of(org(), org())).build());
        server.probe()
                .assertRefused(
                        bearer(token, org),
                        403,
                        "403025",
                        Status.Code.PERMISSION_DENIED,
                        "the org of x-gw-ims-org-id (" + org + ") is not among the orgs of the token's orgs claim");
    }

    @Test
    void tokenWithoutOrgsIsRefused() {
        String org = org();
        String token = Jwts.sign(RSA, Jwts.claims(null).build());
        server.probe()
                .assertRefused(
                        bearer(token, org),
                        403,
                        "403025",
                        Status.Code.PERMISSION_DENIED,
                        "the token names no orgs (no orgs claim)");
    }

    @Test
    void unregisteredApiKeyIsRefused() {
        String org = org();
        String token = Jwts.sign(RSA, Jwts.valid(org));
        server.probe()
                .assertRefused(
                        headers("Bearer " + token, "unregistered-client", org),
                        403,
                        "403003",
                        Status.Code.PERMISSION_DENIED,
                        "x-api-key header does not name a registered client");
    }

    @Test
    void missingApiKeyIsRefused() {
        String org = org();
        String token = Jwts.sign(RSA, Jwts.valid(org));
        server.probe()
                .assertRefused(
                        headers("Bearer " + token, null, org),
                        403,
                        "403000",
                        Status.Code.PERMISSION_DENIED,
                        "x-api-key");
    }

    @Test
    void missingAuthorizationHeaderIsRefused() {
        server.probe()
                .assertRefused(
                        headers(null, Jwts.API_KEY, org()),
                        403,
                        "403010",
                        Status.Code.PERMISSION_DENIED,
                        "Authorization: Bearer");
    }

    @Test
    void garbledAuthorizationHeaderIsRefused() {
        String org = org();
        String token = Jwts.sign(RSA, Jwts.valid(org));
        for (String authorization : List.of(token, "Basic " + token, "Bearer", "Bearer ", "Token " + token)) {
            server.probe()
                    .assertRefused(
                            headers(authorization, Jwts.API_KEY, org),
                            401,
                            "401013",
                            Status.Code.UNAUTHENTICATED,
                            "Authorization");
        }
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        String org = org();
        server.probe().assertAdmitted(headers("bearer " + Jwts.sign(RSA, Jwts.valid(org)), Jwts.API_KEY, org));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }
}
