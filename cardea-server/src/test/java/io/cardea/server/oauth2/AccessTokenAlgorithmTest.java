package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
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
 * Switching access tokens from RS256 to ES256 on servers sharing one database, as a rolling
 * configuration change does: no relying party meets an unknown kid, and tokens signed before still verify.
 */
@ExtendWith(PostgresExtension.class)
class AccessTokenAlgorithmTest {

    private static final Map<String, String> RS256 = Map.of("cardea.keys.access-token-algorithm", "RS256",
            "cardea.keys.refresh", "0s");
    private static final Map<String, String> ES256 = Map.of("cardea.keys.access-token-algorithm", "ES256",
            "cardea.keys.refresh", "0s", "cardea.keys.publish-ahead", "0s");

    @Test
    void tokensSignedWithRs256BeforeTheSwitchStillVerifyAndEs256SignsOnlyOncePublished(TestDatabase db)
            throws Exception {
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("DELETE FROM signing_keys").update();
        try (TestServer blue = TestServer.start(db, RS256)) {
            var client = blue.server().part(Clients.class).register(UUID.randomUUID().toString(), "Service",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var onBlue = new RelyingParty(blue, client.clientId(), client.secret());
            AccessToken before = token(onBlue);
            assertThat(algorithm(before)).isEqualTo(JWSAlgorithm.RS256);
            URL blueJwks = onBlue.provider().getJWKSetURI().toURL();
            JWKSet cachedBeforeTheSwitch = JWKSet.load(blueJwks);

            try (TestServer green = TestServer.start(db, ES256)) {
                var onGreen = new RelyingParty(green, client.clientId(), client.secret());
                AccessToken whilePublished = token(onGreen);
                assertThat(algorithm(whilePublished)).as("ES256 is only published yet").isEqualTo(JWSAlgorithm.RS256);
                assertThat(RelyingParty.verifies(SignedJWT.parse(whilePublished.getValue()), cachedBeforeTheSwitch))
                        .isTrue();
                JWKSet cachedDuringTheSwitch = JWKSet.load(blueJwks);

                assertThat(green.server().part(KeyRing.class).rotateIfDue()).hasSize(1);
                AccessToken after = token(onGreen);

                assertThat(algorithm(after)).isEqualTo(JWSAlgorithm.ES256);
                assertThat(RelyingParty.verifies(SignedJWT.parse(after.getValue()), cachedDuringTheSwitch))
                        .as("the ES256 key was in the JWKS before it signed").isTrue();
                assertThat(RelyingParty.verifies(SignedJWT.parse(before.getValue()),
                        JWKSet.load(onGreen.provider().getJWKSetURI().toURL()))).isTrue();
                assertThat(onGreen.active(before)).isTrue();
                assertThat(algorithm(token(onBlue))).as("blue still has RS256 configured").isEqualTo(JWSAlgorithm.RS256);
                assertThat(onBlue.active(after)).isTrue();
            }
        }
    }

    @Test
    void anUnknownAlgorithmStopsTheServerNamingTheSetting(TestDatabase db) {
        TestServer.migrate(db);

        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.keys.access-token-algorithm", "HS256")))
                .hasStackTraceContaining("CARDEA_KEYS_ACCESS_TOKEN_ALGORITHM is 'HS256': use one of RS256, ES256");
    }

    private static AccessToken token(RelyingParty party) {
        return RelyingParty.tokens(party.token(new ClientCredentialsGrant(), new Scope("email"))).getAccessToken();
    }

    private static JWSAlgorithm algorithm(AccessToken token) throws Exception {
        return SignedJWT.parse(token.getValue()).getHeader().getAlgorithm();
    }
}
