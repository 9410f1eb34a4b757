package io.segexport.server;

import static io.segexport.server.AuthProbe.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.grpc.Status;
import io.segexport.server.auth.AuthConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real server whose RS256/ES256 keys are a JWK set URL served by the test (the JDK's HTTP
 * server): keys are fetched once and cached, a key id not found fetches the set once more (a
 * rotation), and only public-key algorithms are accepted.
 */
class JwksUrlAuthTest {
    private static final RSAKey RSA = Jwts.rsa("url-rsa-1");
    private static final ECKey EC = Jwts.ec("url-ec-1");
    private static final JwksServer keyServer = start(Jwts.jwks(RSA, EC));

    @RegisterExtension
    static final AuthServer server = new AuthServer(folder -> AuthConfig.builder()
            .issuer(Jwts.ISSUER)
            .audience(Jwts.AUDIENCE)
            .jwksUrl(keyServer.url().toString())
            .jwksMinRefetchInterval(Duration.ZERO)
            .addApiKey(Jwts.API_KEY)
            .build());

    private static JwksServer start(String jwks) {
        try {
            return new JwksServer(jwks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopKeyServer() {
        keyServer.close();
    }

    private static String org() {
        return Tenant.fresh().orgId();
    }

    @Test
    void tokensSignedWithKeysOfTheUrlAreAdmittedAndTheKeysAreFetchedOnceThenCached() {
        assertThat(keyServer.fetches()).as("fetched at start").isPositive();
        int before = keyServer.fetches();
        for (int i = 0; i < 3; i++) {
            String org = org();
            server.probe().assertAdmitted(bearer(Jwts.sign(RSA, Jwts.valid(org)), org));
            server.probe().assertAdmitted(bearer(Jwts.sign(EC, Jwts.valid(org)), org));
        }
        assertThat(keyServer.fetches() - before).as("fetches for known keys").isZero();
    }

    @Test
    void aKeyRotatedInAtTheKeyServerIsFetchedOnceWhenItsKidIsFirstSeen() {
        RSAKey rotated = Jwts.rsa("url-rsa-rotated");
        keyServer.serve(Jwts.jwks(RSA, EC, rotated));
        int before = keyServer.fetches();
        String org = org();

        server.probe().assertAdmitted(bearer(Jwts.sign(rotated, Jwts.valid(org)), org));
        assertThat(keyServer.fetches() - before).as("fetches for the new kid").isEqualTo(1);
        server.probe().assertAdmitted(bearer(Jwts.sign(rotated, Jwts.valid(org)), org));
        assertThat(keyServer.fetches() - before)
                .as("fetches once the new kid is known")
                .isEqualTo(1);
    }

    @Test
    void unknownKidIsRefusedAfterOneFetchMore() {
        String org = org();
        int before = keyServer.fetches();
        server.probe()
                .assertRefused(
                        bearer(Jwts.sign(Jwts.rsa("url-rsa-never-published"), Jwts.valid(org)), org),
                        401,
                        "401013",
                        Status.Code.UNAUTHENTICATED,
                        "(kid \"url-rsa-never-published\") is not among this server's RS256 keys");
        // The probe sends the token twice (REST and gRPC): each looks once more (no minimum interval here).
        assertThat(keyServer.fetches() - before).isEqualTo(2);
    }

    @Test
    void hs256TokenKeyedWithTheRsaPublicKeyIsRefusedAsAnAlgorithmNotAccepted() {
        String org = org();
        String token = Jwts.hs256(
                RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), "url-rsa-1", Jwts.valid(org));
        server.probe()
                .assertRefused(
                        bearer(token, org),
                        401,
                        "401013",
                        Status.Code.UNAUTHENTICATED,
                        "signed with \"HS256\", and this server accepts RS256, ES256");
    }

    @Test
    void hs256TokenIsRefusedWhenNoSecretIsConfigured() {
        String org = org();
        server.probe()
                .assertRefused(
                        bearer(Jwts.hs256(Jwts.valid(org)), org),
                        401,
                        "401013",
                        Status.Code.UNAUTHENTICATED,
                        "signed with \"HS256\"");
    }
}
