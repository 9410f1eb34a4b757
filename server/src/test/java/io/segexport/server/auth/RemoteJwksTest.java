package io.segexport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.segexport.server.JwksServer;
import io.segexport.server.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWK set URL cache, on a clock the test moves: when it fetches, and when it does not. */
class RemoteJwksTest {
    private static final Duration CACHE = Duration.ofMinutes(5);
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2030-01-01T00:00:00Z"));
    private static final RSAKey first = key("first");
    private static final RSAKey second = key("second");
    private JwksServer keyServer;
    private RemoteJwks jwks;

    @BeforeEach
    void start() throws Exception {
        keyServer = new JwksServer(set(first));
        jwks = new RemoteJwks(keyServer.url(), CACHE, MIN_REFETCH, clock);
    }

    @AfterEach
    void stop() {
        keyServer.close();
    }

    @Test
    void fetchesWhenFirstNeededThenServesFromTheCacheUntilItsTimeIsUp() {
        assertThat(kids(jwks.select(kid("first")))).containsExactly("first");
        clock.advance(CACHE.minusSeconds(1));
        jwks.select(kid("first"));
        assertThat(keyServer.fetches()).isEqualTo(1);

        keyServer.serve(set(second));
        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(jwks.select(kid("second")))).containsExactly("second");
        assertThat(jwks.select(kid("first")))
                .as("the first key, gone from the set fetched again")
                .isEmpty();
        assertThat(keyServer.fetches()).isEqualTo(2);
    }

    @Test
    void anUnknownKidFetchesOnceMoreAtMostOncePerInterval() {
        jwks.select(kid("first"));
        keyServer.serve(set(first, second));
        assertThat(jwks.select(kid("second")))
                .as("a new kid right after a fetch")
                .isEmpty();
        assertThat(keyServer.fetches()).isEqualTo(1);

        clock.advance(MIN_REFETCH);
        assertThat(kids(jwks.select(kid("second")))).as("a rotated key").containsExactly("second");
        assertThat(keyServer.fetches()).isEqualTo(2);

        assertThat(jwks.select(kid("made-up-1"))).isEmpty();
        assertThat(jwks.select(kid("made-up-2"))).isEmpty();
        assertThat(keyServer.fetches())
                .as("no more than one fetch for unknown kids per interval")
                .isEqualTo(2);

        clock.advance(MIN_REFETCH);
        assertThat(jwks.select(kid("made-up-3"))).isEmpty();
        assertThat(keyServer.fetches()).isEqualTo(3);
    }

    @Test
    void aFailedFetchKeepsTheKeysFetchedBefore() {
        jwks.select(kid("first"));
        keyServer.answer(500);
        clock.advance(CACHE);

        assertThat(kids(jwks.select(kid("first")))).containsExactly("first");
        assertThat(keyServer.fetches()).isEqualTo(2);
        jwks.select(kid("first"));
        assertThat(keyServer.fetches())
                .as("no fetch again right after a failure")
                .isEqualTo(2);

        keyServer.answer(200);
        clock.advance(Duration.ofSeconds(5));
        jwks.select(kid("first"));
        assertThat(keyServer.fetches()).isEqualTo(3);
    }

    @Test
    void withNoKeysEverFetchedTheKeysAreUnavailableAndFetchesAreSpacedOut() {
        keyServer.answer(503);
        assertThatThrownBy(() -> jwks.select(kid("first"))).isInstanceOf(RemoteJwks.KeysUnavailableException.class);
        assertThatThrownBy(() -> jwks.select(kid("first"))).isInstanceOf(RemoteJwks.KeysUnavailableException.class);
        assertThat(keyServer.fetches()).isEqualTo(1);

        keyServer.answer(200);
        clock.advance(Duration.ofSeconds(5));
        assertThat(kids(jwks.select(kid("first")))).containsExactly("first");
    }

    @Test
    void privateAndSymmetricKeysOfTheSetAreNeverUsed() throws Exception {
        keyServer.serve(new JWKSet(List.of(
                        first,
                        new com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator(256)
                                .keyID("oct")
                                .generate()))
                .toString(false));
        List<JWK> found = jwks.select(new JWKMatcher.Builder().build());
        assertThat(kids(found)).containsExactly("first");
        assertThat(found.get(0).isPrivate()).isFalse();
        assertThat(jwks.select(new JWKMatcher.Builder().keyType(KeyType.OCT).build()))
                .isEmpty();
    }

    private static JWKMatcher kid(String kid) {
        return new JWKMatcher.Builder().keyType(KeyType.RSA).keyID(kid).build();
    }

    private static List<String> kids(List<JWK> keys) {
        return keys.stream().map(JWK::getKeyID).toList();
    }

    private static RSAKey key(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }
}
