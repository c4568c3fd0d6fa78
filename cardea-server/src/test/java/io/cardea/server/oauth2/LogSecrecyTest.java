package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.cardea.server.LogCapture;
import io.cardea.server.TestServer;
import io.cardea.server.keys.KeyRing;
import io.cardea.server.keys.SecretRollover;
import io.cardea.server.keys.SigningKeyRing;
import io.cardea.server.keys.SystemSecret;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Everything Cardea logs during sign-in, token issuance and refresh, a password change and an
 * account's deletion, key rotation, a rollover of both secrets and failed starts, searched for the
 * secrets it handled: none may appear.
 */
@ExtendWith(PostgresExtension.class)
class LogSecrecyTest {

    private static final String NEW_SYSTEM = "the-new-system-secret-of-more-than-32-characters";
    private static final String NEW_COOKIE = "the-new-cookie-secret-of-more-than-32-characters";
    private static final String WRONG_SYSTEM = "a-wrong-system-secret-of-more-than-32-characters";
    private static final String ADMIN_TOKEN = "admin-token-for-the-log-test-0123456789";

    @Test
    void noTokenCookieSecretPasswordOrKeyMaterialIsEverLogged(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        String email = UUID.randomUUID() + "@example.com";
        List<String> secrets = new ArrayList<>(List.of(AuthorizationCodeFlowTest.PASSWORD, TestServer.SYSTEM_SECRET,
                TestServer.COOKIE_SECRET, NEW_SYSTEM, NEW_COOKIE, WRONG_SYSTEM, ADMIN_TOKEN));
        String log;
        try (LogCapture capture = new LogCapture()) {
            try (TestServer blue = TestServer.start(db, Map.of("cardea.keys.refresh", "0s",
                    "cardea.admin.tokens", ADMIN_TOKEN))) {
                String session = blue.signUpAndIn(email, AuthorizationCodeFlowTest.PASSWORD);
                secrets.add(session);
                blue.get("/sessions/whoami", session);
                blue.post("/self-service/login", "{\"email\":\"" + email + "\",\"password\":\"wrong " + "guess\"}",
                        null);
                secrets.add("wrong guess");

                var client = blue.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                        Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
                secrets.add(client.secret());
                var rp = new RelyingParty(blue, client.clientId(), client.secret());
                var browser = new Browser();
                var verifier = new CodeVerifier();
                AuthorizationCode code = AuthorizationCodeFlowTest.authorize(blue, blue, browser, rp, verifier, email);
                secrets.addAll(List.of(code.getValue(), verifier.getValue(), browser.cookie("cardea_session"),
                        browser.cookie(SignedCsrfCookie.NAME)));
                OIDCTokens tokens = RelyingParty.tokens(rp.exchange(code, verifier));
                OIDCTokens refreshed = RelyingParty.tokens(rp.token(new RefreshTokenGrant(tokens.getRefreshToken()),
                        null));
                rp.token(new RefreshTokenGrant(tokens.getRefreshToken()), null); // reuse: revokes the family
                for (OIDCTokens t : List.of(tokens, refreshed)) {
                    secrets.addAll(List.of(t.getAccessToken().getValue(), t.getRefreshToken().getValue()));
                }
                secrets.add(tokens.getIDTokenString()); // a refresh answers without one

                // One's own account: a wrong and a right current password, a new one, and deletion.
                String owner = blue.signUpAndIn(UUID.randomUUID() + "@example.com", AuthorizationCodeFlowTest.PASSWORD);
                secrets.addAll(List.of(owner, "a wrong current one", "the account's next passphrase"));
                for (String current : List.of("a wrong current one", AuthorizationCodeFlowTest.PASSWORD)) {
                    blue.post("/self-service/account/password", "{\"current_password\":\"" + current
                            + "\",\"new_password\":\"the account's next passphrase\"}", owner);
                }
                blue.send(blue.request("/self-service/account", owner).header("Content-Type", "application/json")
                        .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"password\":\"the account's next passphrase\"}")));

                blue.server().part(KeyRing.class).rotate(null, true);
                blue.send(blue.request("/admin/keys/rotate?now=true", null)
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
                secrets.addAll(privateKeyMaterial(blue));

                try (TestServer green = TestServer.start(db, Map.of("cardea.keys.refresh", "0s",
                        "cardea.secrets.system", NEW_SYSTEM + "," + TestServer.SYSTEM_SECRET,
                        "cardea.secrets.cookie", NEW_COOKIE + "," + TestServer.COOKIE_SECRET))) {
                    String resigned = green.get("/sessions/whoami", session).sessionToken();
                    secrets.add(resigned);
                    new SecretRollover(db.dataSource(), new SystemSecret(NEW_SYSTEM + "," + TestServer.SYSTEM_SECRET))
                            .reencrypt();
                    secrets.addAll(privateKeyMaterial(green));
                }
            }
            assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.system", WRONG_SYSTEM)))
                    .hasStackTraceContaining("encrypted with another system secret");
            assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.cookie", NEW_COOKIE.substring(0, 20))))
                    .hasStackTraceContaining("CARDEA_SECRETS_COOKIE is too short");
            secrets.add(NEW_COOKIE.substring(0, 20));
            log = capture.text();
        }

        assertThat(log).as("the capture holds what the run logged").contains("A replaced refresh token was presented",
                "encrypted with another system secret", "CARDEA_SECRETS_COOKIE is too short", "deleted its account");
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(log).as("a secret value of %d characters appears in the log", secret.length())
                    .doesNotContain(secret);
        }
        // A cookie's parts, a token's signature, without the rest around them.
        for (String secret : secrets) {
            for (String part : secret.split("[.]")) {
                if (part.length() >= 20) {
                    assertThat(log).as("part of a secret value appears in the log").doesNotContain(part);
                }
            }
        }
    }

    /** Every private key of the ring, as its JWK parameters and as PKCS#8. */
    private static List<String> privateKeyMaterial(TestServer server) throws Exception {
        List<String> material = new ArrayList<>();
        for (JWK key : server.server().part(SigningKeyRing.class).get(new JWKSelector(new JWKMatcher.Builder()
                .build()), null)) {
            if (key instanceof RSAKey rsa) {
                material.addAll(List.of(rsa.getPrivateExponent().toString(), rsa.getFirstPrimeFactor().toString(),
                        rsa.getSecondPrimeFactor().toString(),
                        Base64.getEncoder().encodeToString(rsa.toPrivateKey().getEncoded())));
            } else {
                ECKey ec = (ECKey) key;
                material.addAll(List.of(ec.getD().toString(),
                        Base64.getEncoder().encodeToString(ec.toPrivateKey().getEncoded())));
            }
        }
        return material;
    }
}
