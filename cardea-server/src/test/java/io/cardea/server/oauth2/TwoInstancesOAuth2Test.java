package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two servers on one database, as during a rolling upgrade: they sign with one key, and an
 * authorization begun on one finishes on the other.
 */
@ExtendWith(PostgresExtension.class)
class TwoInstancesOAuth2Test {

    @Test
    void instancesShareKeysClientsAndAuthorizations(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer blue = TestServer.start(db); TestServer green = TestServer.start(db)) {
            String email = UUID.randomUUID() + "@example.com";
            blue.signUpAndIn(email, AuthorizationCodeFlowTest.PASSWORD);
            var client = blue.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var onBlue = new RelyingParty(blue, client.clientId(), client.secret());
            var onGreen = new RelyingParty(green, client.clientId(), client.secret());

            assertThat(JWKSet.load(onBlue.provider().getJWKSetURI().toURL()).getKeys())
                    .isEqualTo(JWKSet.load(onGreen.provider().getJWKSetURI().toURL()).getKeys());

            // Started on blue, signed in and consented on green, the code redeemed on green.
            var verifier = new CodeVerifier();
            var code = AuthorizationCodeFlowTest.authorize(blue, green, new Browser(), onBlue, verifier, email);
            OIDCTokens tokens = RelyingParty.tokens(onGreen.exchange(code, verifier));

            onGreen.verify(tokens.getIDToken(), onBlue.provider().getJWKSetURI().toURL());
            assertThat(onBlue.active(tokens.getAccessToken())).isTrue();

            OIDCTokens machine = RelyingParty.tokens(onBlue.token(new ClientCredentialsGrant(), new Scope("email")));
            assertThat(onGreen.active(machine.getAccessToken())).isTrue();
        }
    }
}
