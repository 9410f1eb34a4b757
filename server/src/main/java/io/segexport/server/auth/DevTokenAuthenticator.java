package io.segexport.server.auth;

import io.grpc.Status;
import io.segexport.server.rpc.ServiceErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Development authentication: one shared bearer token admits any org. Not for production. */
public final class DevTokenAuthenticator implements Authenticator {
    private final byte[] token;

    public DevTokenAuthenticator(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the development token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh random token, for a server started without one. */
    public static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void authenticate(String bearerToken, String apiKey, String orgId) {
        if (!MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8))) {
            throw ServiceErrors.gateway(Status.Code.UNAUTHENTICATED, GatewayErrorCodes.TOKEN_INVALID, "Oauth token is not valid: the Authorization bearer token is not accepted");
        }
    }
}
