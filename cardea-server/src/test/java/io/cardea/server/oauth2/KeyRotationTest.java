package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import io.cardea.server.TestServer;
import io.cardea.server.keys.KeyRing;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A rotation on two servers sharing one database, as during a rolling upgrade, seen by a relying
 * party that verifies tokens with the JWKS.
 */
@ExtendWith(PostgresExtension.class)
class KeyRotationTest {

    /** Every request reads the ring, so the test needs no waiting; and keys may sign as soon as published. */
    private static final Map<String, String> SETTINGS = Map.of("cardea.keys.refresh", "0s",
            "cardea.keys.publish-ahead", "0s");

    @Test
    void tokensVerifyAcrossARotationWithTheJwksCachedBeforeOrFetchedAfter(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer blue = TestServer.start(db, SETTINGS); TestServer green = TestServer.start(db, SETTINGS)) {
            var client = blue.server().part(Clients.class).register(UUID.randomUUID().toString(), "Service",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var onBlue = new RelyingParty(blue, client.clientId(), client.secret());
            var onGreen = new RelyingParty(green, client.clientId(), client.secret());
            URL jwks = onGreen.provider().getJWKSetURI().toURL();
            AccessToken before = token(onBlue);
            JWKSet cachedBefore = JWKSet.load(jwks);

            List<String> rotatedTo = blue.server().part(KeyRing.class).rotate(null, false);
            AccessToken after = token(onGreen);

            assertThat(rotatedTo).hasSize(2).contains(kid(after)).doesNotContain(kid(before));
            assertThat(verifies(after, cachedBefore)).as("signed by a key the cached JWKS already held").isTrue();
            assertThat(verifies(before, JWKSet.load(jwks))).as("the retired key is still published").isTrue();
            assertThat(onGreen.active(before)).isTrue();
            assertThat(onBlue.active(after)).isTrue();
        }
    }

    @Test
    void aKeyThatCannotBeReadLeavesTheServerSigningWithTheKeysItHas(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer blue = TestServer.start(db, SETTINGS)) {
            var client = blue.server().part(Clients.class).register(UUID.randomUUID().toString(), "Service",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var party = new RelyingParty(blue, client.clientId(), client.secret());
            var jdbc = JdbcClient.create(db.dataSource());
            jdbc.sql("UPDATE signing_keys SET private_key = '\\x00' WHERE state = 'next'").update();

            assertThat(party.active(token(party))).isTrue();
            // The test class shares one database: the next test's servers must find readable keys.
            jdbc.sql("DELETE FROM signing_keys WHERE state = 'next'").update();
        }
    }

    private static AccessToken token(RelyingParty party) {
        return RelyingParty.tokens(party.token(new ClientCredentialsGrant(), new Scope("email"))).getAccessToken();
    }

    private static String kid(AccessToken token) throws Exception {
        return SignedJWT.parse(token.getValue()).getHeader().getKeyID();
    }

    private static boolean verifies(AccessToken token, JWKSet jwks) throws Exception {
        return RelyingParty.verifies(SignedJWT.parse(token.getValue()), jwks);
    }
}
