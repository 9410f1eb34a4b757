package io.segexport.server;

import static io.segexport.server.AuthProbe.bearer;

import com.nimbusds.jose.jwk.RSAKey;
import io.grpc.Status;
import io.segexport.server.auth.AuthConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server whose JWK set URL answers nothing: it still starts (the key server may come back), and a
 * token it cannot check answers 503 in the gateway shape (gRPC UNAVAILABLE), not 401, so that
 * clients retry instead of giving up on a good token.
 */
class JwksUrlUnreachableTest {
    private static final RSAKey RSA = Jwts.rsa("rsa-1");

    @RegisterExtension
    static final AuthServer server = new AuthServer(folder -> AuthConfig.builder()
            .issuer(Jwts.ISSUER)
            .audience(Jwts.AUDIENCE)
            .jwksUrl("http://127.0.0.1:" + closedPort() + "/jwks.json")
            .addApiKey(Jwts.API_KEY)
            .build());

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTokenThatCannotBeCheckedForWantOfKeysAnswers503() {
        String org = Tenant.fresh().orgId();
        server.probe()
                .assertRefused(
                        bearer(Jwts.sign(RSA, Jwts.valid(org)), org),
                        503,
                        "503013",
                        Status.Code.UNAVAILABLE,
                        "could not be fetched from the key server; try again later");
    }

    @Test
    void aTokenWithAnAlgorithmNotAcceptedIsRefusedWithoutLookingForKeys() {
        String org = Tenant.fresh().orgId();
        server.probe()
                .assertRefused(
                        bearer(Jwts.hs256(Jwts.valid(org)), org),
                        401,
                        "401013",
                        Status.Code.UNAUTHENTICATED,
                        "signed with \"HS256\"");
    }
}
