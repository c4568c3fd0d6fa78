package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Authorization code + PKCE through Cardea's sign-in and consent pages, and what follows with the tokens. */
@ExtendWith(PostgresExtension.class)
class AuthorizationCodeFlowTest {

    static final String PASSWORD = "a long passphrase";

    /** Each test's own user: the tests of a class share one database. */
    private final String email = UUID.randomUUID() + "@example.com";

    @Test
    void signInConsentTokensRefreshRotationIntrospectionRevocationAndLogout(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            server.signUpAndIn(email, PASSWORD);
            var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app", Clients.Kind.CONFIDENTIAL,
                    List.of(RelyingParty.REDIRECT_URI.toString()), List.of("http://127.0.0.1:9876/signed-out"));
            var rp = new RelyingParty(server, client.clientId(), client.secret());
            var browser = new Browser();
            var verifier = new CodeVerifier();

            AuthorizationCode code = authorize(server, server, browser, rp, verifier, email);
            OIDCTokens tokens = RelyingParty.tokens(rp.exchange(code, verifier));

            var idToken = rp.verify(tokens.getIDToken(), rp.provider().getJWKSetURI().toURL());
            assertThat(tokens.getIDToken().getHeader().toJSONObject()).containsKey("kid");
            assertThat(idToken.getStringClaim("email")).isEqualTo(email);
            assertThat(rp.userInfo(tokens).toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo(email);
            assertThat(rp.active(tokens.getAccessToken())).isTrue();

            // Rotation: a new refresh token each time; the old one presented again revokes the family.
            OIDCTokens refreshed = RelyingParty.tokens(rp.token(new RefreshTokenGrant(tokens.getRefreshToken()), null));
            assertThat(refreshed.getRefreshToken()).isNotEqualTo(tokens.getRefreshToken());
            assertThat(rp.active(refreshed.getAccessToken())).isTrue();
            // The spent token is remembered until it would have expired, and the purge keeps it until then.
            var sql = org.springframework.jdbc.core.simple.JdbcClient.create(db.dataSource());
            assertThat(sql.sql("SELECT expires_at > now() + interval '29 days' FROM oauth2_refresh_token "
                    + "WHERE token_hash = sha256(convert_to(:t, 'UTF8')) AND spent_at IS NOT NULL")
                    .param("t", tokens.getRefreshToken().getValue()).query(Boolean.class).single()).isTrue();
            server.server().part(AuthorizationPurge.class).purge();
            assertThat(rp.token(new RefreshTokenGrant(tokens.getRefreshToken()), null).getStatusCode()).isEqualTo(400);
            assertThat(rp.active(refreshed.getAccessToken())).isFalse();
            assertThat(rp.token(new RefreshTokenGrant(refreshed.getRefreshToken()), null).getStatusCode())
                    .isEqualTo(400);

            // Consent is remembered: the second authorization goes straight back to the client.
            var again = new CodeVerifier();
            var redirect = browser.get(server, rp.authorizationRequest(again, RelyingParty.REDIRECT_URI));
            assertThat(redirect.status()).isEqualTo(302);
            OIDCTokens second = RelyingParty.tokens(rp.exchange(RelyingParty.code(redirect.location()), again));

            assertThat(rp.revoke(second.getAccessToken()).getStatusCode()).isEqualTo(200);
            assertThat(rp.active(second.getAccessToken())).isFalse();
            assertThat(rp.active(second.getRefreshToken())).isTrue();

            // RP-initiated logout ends Cardea's session and returns to the client.
            String session = browser.cookie("cardea_session");
            var logout = browser.get(server, "/connect/logout?id_token_hint=" + second.getIDTokenString()
                    + "&post_logout_redirect_uri=http://127.0.0.1:9876/signed-out");
            assertThat(logout.status()).isEqualTo(302);
            assertThat(logout.location()).isEqualTo("http://127.0.0.1:9876/signed-out");
            assertThat(browser.cookie("cardea_session")).isNull();
            assertThat(server.get("/sessions/whoami", session).status()).isEqualTo(401);

            // Nothing lives in an HTTP session of this JVM.
            assertThat(browser.cookie("JSESSIONID")).isNull();
        }
    }

    @Test
    void refusedAuthorizationsAndCodes(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            server.signUpAndIn(email, PASSWORD);
            Clients clients = server.server().part(Clients.class);
            var spa = new RelyingParty(server, clients.register(UUID.randomUUID().toString(), "Single-page app", Clients.Kind.PUBLIC,
                    List.of(RelyingParty.REDIRECT_URI.toString()), List.of()).clientId(), null);
            var browser = new Browser();

            var mismatch = browser.get(server, spa.authorizationRequest(new CodeVerifier(),
                    URI.create("http://127.0.0.1:9876/elsewhere")));
            assertThat(mismatch.status()).as(mismatch::toString).isEqualTo(400);
            assertThat(mismatch.location()).isNull(); // never sent to an unregistered address

            // A public client without PKCE is sent back with an error, never a code.
            browser.signIn(server, "/sign-in", email, PASSWORD);
            var noPkce = browser.get(server, spa.authorizationRequest(null, RelyingParty.REDIRECT_URI));
            assertThat(noPkce.status()).isEqualTo(302);
            assertThat(noPkce.location()).contains("error=invalid_request").doesNotContain("code=");

            var verifier = new CodeVerifier();
            AuthorizationCode code = authorize(server, server, browser, spa, verifier, email);
            assertThat(spa.exchange(code, new CodeVerifier()).getStatusCode()).isEqualTo(400);
            // Without a verifier a public client has no way to authenticate at all: Spring answers
            // invalid_client. A confidential client that started with PKCE gets invalid_grant.
            assertThat(spa.exchange(authorize(server, server, browser, spa, verifier, email), null).getStatusCode())
                    .isEqualTo(401);

            OIDCTokens tokens = RelyingParty.tokens(spa.exchange(authorize(server, server, browser, spa, verifier, email),
                    verifier));
            var web = clients.register(UUID.randomUUID().toString(), "Web app", Clients.Kind.CONFIDENTIAL,
                    List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var introspector = new RelyingParty(server, web.clientId(), web.secret());
            assertThat(introspector.active(tokens.getAccessToken())).isTrue();
            var webVerifier = new CodeVerifier();
            assertThat(introspector.exchange(authorize(server, server, browser, introspector, webVerifier, email), null)
                    .getStatusCode()).isEqualTo(400);

            // The code used a second time: refused, and the tokens of its first use revoked.
            var reused = authorize(server, server, browser, spa, verifier, email);
            var firstUse = spa.exchange(reused, verifier);
            assertThat(firstUse.getStatusCode()).isEqualTo(200);
            var firstTokens = RelyingParty.tokens(firstUse);
            assertThat(introspector.active(firstTokens.getAccessToken())).isTrue();
            var secondUse = spa.exchange(reused, verifier);
            assertThat(secondUse.getStatusCode()).isEqualTo(400);
            assertThat(secondUse.getBody()).contains("invalid_grant");
            assertThat(introspector.active(firstTokens.getAccessToken())).isFalse();
        }
    }

    @Test
    void theSignInFormRefusesPostsWithoutItsCsrfTokenAndWrongPasswords(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            server.signUpAndIn(email, PASSWORD);
            var browser = new Browser();

            var forged = browser.post(server, "/sign-in", Map.of("email", List.of(email), "password",
                    List.of(PASSWORD)));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(browser.cookie("cardea_session")).isNull();

            var wrong = browser.signIn(server, "/sign-in?return_to=/oauth2/authorize", email, "not the passphrase");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("wrong");
            assertThat(browser.cookie("cardea_session")).isNull();

            // Only this server's authorization endpoint is a place to return to after sign-in.
            var elsewhere = browser.signIn(server, "/sign-in?return_to=https://evil.example/", email, PASSWORD);
            assertThat(elsewhere.status()).isEqualTo(200);
            assertThat(browser.cookie("cardea_session")).isNotNull();
        }
    }

    @Test
    void malformedOversizedAndDisabledAreRefusedAndChangeNothing(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            String basic = "Basic " + Base64.getEncoder().encodeToString((client.clientId() + ":"
                    + client.secret()).getBytes(StandardCharsets.UTF_8));
            var sql = JdbcClient.create(db.dataSource());
            long authorizations = sql.sql("SELECT count(*) FROM oauth2_authorization").query(Long.class).single();

            var noGrant = server.send(server.request("/oauth2/token", null).header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("scope=email")));
            assertThat(noGrant.status()).isEqualTo(400);
            assertThat(noGrant.body()).contains("invalid_request");
            var garbage = server.send(server.request("/oauth2/token", null).header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=%zz&&=")));
            assertThat(garbage.status()).isEqualTo(400);
            var oversized = server.send(server.request("/oauth2/token", null).header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + "email".repeat(20_000))));
            assertThat(oversized.status()).isEqualTo(413);
            assertThat(sql.sql("SELECT count(*) FROM oauth2_authorization").query(Long.class).single())
                    .isEqualTo(authorizations);

            var browser = new Browser();
            var bigForm = browser.post(server, "/sign-in", Map.of("email", List.of(email), "password",
                    List.of("x".repeat(100_000))));
            assertThat(bigForm.status()).isEqualTo(413);
            assertThat(browser.cookie("cardea_session")).isNull();

            // A disabled identity is refused on the page too, with no session opened.
            server.signUpAndIn(email, PASSWORD);
            sql.sql("UPDATE identities SET state = 'disabled' WHERE email = ?").param(email).update();
            var disabled = browser.signIn(server, "/sign-in", email, PASSWORD);
            assertThat(disabled.status()).isEqualTo(403);
            assertThat(disabled.body()).contains("role=\"alert\"");
            assertThat(browser.cookie("cardea_session")).isNull();
        }
    }

    /**
     * A person's way through an authorization request: started on {@code start} without a session,
     * sent to sign in, signs in and consents on {@code finish}; returns the code the client receives.
     * With a live session and remembered consent, the request goes straight back to the client.
     */
    static AuthorizationCode authorize(TestServer start, TestServer finish, Browser browser, RelyingParty rp,
            CodeVerifier verifier, String email) {
        String request = rp.authorizationRequest(verifier, RelyingParty.REDIRECT_URI);
        var answer = browser.get(start, request);
        if (answer.status() == 302 && answer.location().contains("/sign-in")) {
            var signedIn = browser.signIn(finish, Browser.relative(answer.location()), email, PASSWORD);
            assertThat(signedIn.status()).isEqualTo(303);
            answer = browser.get(start, signedIn.location());
        }
        if (answer.status() == 302 && answer.location().contains("/consent")) {
            var consent = browser.get(finish, Browser.relative(answer.location()));
            answer = browser.post(finish, "/oauth2/authorize", Map.of("_csrf",
                    List.of(Browser.field(consent.body(), "_csrf")), "client_id",
                    List.of(Browser.field(consent.body(), "client_id")), "state",
                    List.of(Browser.field(consent.body(), "state")), "scope", List.of("email")));
        }
        assertThat(answer.status()).as(answer::toString).isEqualTo(302);
        return RelyingParty.code(answer.location());
    }
}
