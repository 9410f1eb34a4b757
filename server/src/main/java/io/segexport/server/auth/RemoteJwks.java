package io.segexport.server.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of a JWK set URL, cached: fetched when first needed and again once
 * {@code cacheTime} has passed; a key that is not found (a new {@code kid} after a key rotation)
 * triggers one fetch more, unless the keys were fetched less than {@code minRefetchInterval} ago, so
 * that tokens with made-up key ids cannot make the server hammer the key server. When a fetch fails the keys fetched before
 * stay in use; with none at all, {@link KeysUnavailableException}.
 */
final class RemoteJwks {
    private static final Logger logger = LoggerFactory.getLogger(RemoteJwks.class);
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 3_000;
    private static final int SIZE_LIMIT_BYTES = 512 * 1024;
    /** After a failed fetch, the next request tries again only after this pause. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    /** The keys (null before the first successful fetch) and when they must be fetched again. */
    private record State(JWKSet keys, Instant refreshAt) {}

    private final URL url;
    private final Duration cacheTime;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private final ResourceRetriever retriever =
            new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT_BYTES);
    private volatile State state = new State(null, Instant.MIN);
    private Instant nextUnknownKeyFetch = Instant.MIN;

    RemoteJwks(URI url, Duration cacheTime, Duration minRefetchInterval, Clock clock) {
        try {
            this.url = url.toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new AuthConfigException(AuthSetting.JWKS_URL.named() + " is not a URL: " + e.getMessage());
        }
        this.cacheTime = cacheTime;
        this.minRefetchInterval = minRefetchInterval;
        this.clock = clock;
    }

    /** The keys that match; an empty list when none does, even after fetching again. */
    List<JWK> select(JWKMatcher matcher) {
        State current = state;
        if (current.keys() == null || !clock.instant().isBefore(current.refreshAt())) {
            current = refresh(current, false);
        }
        if (current.keys() == null) {
            throw new KeysUnavailableException();
        }
        List<JWK> found = new JWKSelector(matcher).select(current.keys());
        if (found.isEmpty()) {
            current = refresh(current, true);
            found = new JWKSelector(matcher).select(current.keys());
        }
        return found;
    }

    /** Fetches now; for the check at start. Returns how many keys were fetched, or throws what failed. */
    int fetchNow() throws IOException, ParseException {
        JWKSet keys = fetch();
        synchronized (this) {
            state = new State(keys, clock.instant().plus(cacheTime));
            nextUnknownKeyFetch = clock.instant().plus(minRefetchInterval);
        }
        return keys.size();
    }

    /**
     * Fetches again unless another thread did since {@code seen} was read; an unknown key fetches at
     * most once per {@code minRefetchInterval}.
     */
    private synchronized State refresh(State seen, boolean unknownKey) {
        if (state != seen) {
            return state;
        }
        Instant now = clock.instant();
        if (unknownKey) {
            if (now.isBefore(nextUnknownKeyFetch)) {
                return state;
            }
            nextUnknownKeyFetch = now.plus(minRefetchInterval);
        } else if (now.isBefore(state.refreshAt())) {
            return state; // fetched meanwhile, or failed a moment ago: no fetch before refreshAt
        }
        try {
            state = new State(fetch(), now.plus(cacheTime));
            nextUnknownKeyFetch = now.plus(minRefetchInterval);
        } catch (IOException | ParseException | RuntimeException e) {
            logger.warn(
                    "Could not fetch the JWK set at {} ({}: {}); {}",
                    url,
                    e.getClass().getSimpleName(),
                    e.getMessage(),
                    state.keys() != null ? "the keys fetched before stay in use" : "no keys to verify tokens with yet");
            state = new State(state.keys(), now.plus(RETRY_AFTER_FAILURE));
        }
        return state;
    }

    private JWKSet fetch() throws IOException, ParseException {
        Resource resource = retriever.retrieveResource(url);
        // Only public keys: private parts and symmetric (oct) keys are never used from a JWK set.
        return JWKSet.parse(resource.getContent()).toPublicJWKSet();
    }

    /** No keys could be fetched from the JWK set URL, so no token can be verified for now. */
    static final class KeysUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeysUnavailableException() {
            super("the JWK set could not be fetched", null, false, false);
        }
    }
}
