package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An app learns from the ID token whether the address was verified, before and after its mailed code. */
@ExtendWith(PostgresExtension.class)
class EmailVerifiedClaimTest {

    @Test
    void theIdTokenSaysEmailVerifiedOnceTheMailedCodeCameBack(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestMail mail = TestMail.start();
                TestServer server = TestServer.start(db, new HashMap<>(mail.settings()))) {
            server.awaitOffered("/verify-email");
            String email = UUID.randomUUID() + "@example.com";
            server.signUpAndIn(email, AuthorizationCodeFlowTest.PASSWORD);
            var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var rp = new RelyingParty(server, client.clientId(), client.secret());
            var browser = new Browser();

            assertThat(emailVerified(server, browser, rp, email)).isFalse();

            String code = mail.await(email, "Confirm your email address").code();
            var verified = server.post("/self-service/verification", "{\"email\":\"" + email + "\",\"code\":\""
                    + code + "\"}", null);
            assertThat(verified.status()).as(verified.body()).isEqualTo(200);

            assertThat(emailVerified(server, browser, rp, email)).isTrue();
        }
    }

    private static boolean emailVerified(TestServer server, Browser browser, RelyingParty rp, String email)
            throws Exception {
        var verifier = new CodeVerifier();
        var code = AuthorizationCodeFlowTest.authorize(server, server, browser, rp, verifier, email);
        var tokens = RelyingParty.tokens(rp.exchange(code, verifier));
        var claims = rp.verify(tokens.getIDToken(), rp.provider().getJWKSetURI().toURL());
        assertThat(claims.getStringClaim("email")).isEqualTo(email);
        return claims.getBooleanClaim("email_verified");
    }
}
