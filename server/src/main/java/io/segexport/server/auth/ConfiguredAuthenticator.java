package io.segexport.server.auth;

import java.time.Clock;

/**
 * The server's authentication as configured: the development token when one was asked for, and
 * signed JWTs when an {@link AuthConfig} is given. A token equal to the development token is
 * admitted as such; any other is verified as a JWT (or refused when JWTs are not configured).
 */
public final class ConfiguredAuthenticator implements Authenticator {
    private final DevTokenAuthenticator devToken;
    private final JwtAuthenticator jwt;

    private ConfiguredAuthenticator(DevTokenAuthenticator devToken, JwtAuthenticator jwt) {
        this.devToken = devToken;
        this.jwt = jwt;
    }

    /**
     * @param devToken the development token, or null for none
     * @param auth     the JWT settings, or null for none
     * @throws AuthConfigException when neither is given, or the JWT key material is unusable
     */
    public static ConfiguredAuthenticator create(String devToken, AuthConfig auth, Clock clock) {
        if (devToken == null && auth == null) {
            throw new AuthConfigException(AuthConfig.NOTHING_CONFIGURED);
        }
        return new ConfiguredAuthenticator(
                devToken == null ? null : new DevTokenAuthenticator(devToken),
                auth == null ? null : JwtAuthenticator.create(auth, clock));
    }

    @Override
    public void authenticate(String bearerToken, String apiKey, String orgId) {
        if (devToken != null && (jwt == null || devToken.accepts(bearerToken))) {
            devToken.authenticate(bearerToken, apiKey, orgId);
            return;
        }
        jwt.authenticate(bearerToken, apiKey, orgId);
    }
}
