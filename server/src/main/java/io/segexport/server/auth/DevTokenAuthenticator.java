package io.segexport.server.auth;

import io.grpc.Status;
import io.segexport.server.rpc.ServiceErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Development authentication: one shared bearer token admits any org with any API key. Only when
 * asked for ({@code --dev-token}); never for production.
 */
public final class DevTokenAuthenticator implements Authenticator {
    private final byte[] token;

    public DevTokenAuthenticator(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the development token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether this is the development token (compared in constant time). */
    public boolean accepts(String bearerToken) {
        return MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void authenticate(String bearerToken, String apiKey, String orgId) {
        if (!accepts(bearerToken)) {
            throw ServiceErrors.gateway(
                    Status.Code.UNAUTHENTICATED,
                    GatewayErrorCodes.TOKEN_INVALID,
                    "Oauth token is not valid: the Authorization bearer token is not accepted");
        }
    }
}
