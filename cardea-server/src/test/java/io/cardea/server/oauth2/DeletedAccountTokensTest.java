package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An account deleted by its owner takes every OAuth2 grant of it along, in the same transaction:
 * its access tokens introspect inactive and fail at userinfo, its refresh tokens are refused, both
 * those still in Spring's table and those rotated since; other people's tokens are untouched.
 */
@ExtendWith(PostgresExtension.class)
class DeletedAccountTokensTest {

    static final String PASSWORD = AuthorizationCodeFlowTest.PASSWORD;

    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    static RelyingParty rp;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
        var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        rp = new RelyingParty(server, client.clientId(), client.secret());
    }

    /** The tokens of the code flow for {@code email}, signed in through its own browser. */
    private static OIDCTokens tokens(String email) {
        var verifier = new CodeVerifier();
        return RelyingParty.tokens(rp.exchange(AuthorizationCodeFlowTest.authorize(server, server, new Browser(), rp,
                verifier, email), verifier));
    }

    private static OIDCTokens refreshed(RefreshToken token) {
        return RelyingParty.tokens(rp.token(new RefreshTokenGrant(token), null));
    }

    private static TestServer.Response deleteAccount(String session, String password) {
        return server.send(server.request("/self-service/account", session).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")));
    }

    private static long rows(String table, String principal) {
        return sql.sql("SELECT count(*) FROM " + table + " WHERE principal_name = ?").param(principal)
                .query(Long.class).single();
    }

    @Test
    void deletingTheAccountRevokesEveryTokenAndConsentOfItAndNoOneElses() {
        String email = UUID.randomUUID() + "@example.com";
        String session = server.signUpAndIn(email, PASSWORD);
        String id = Json.read(server.get("/self-service/account", session).body()).get("id").asString();
        OIDCTokens fromCode = tokens(email);
        OIDCTokens rotated = refreshed(tokens(email).getRefreshToken());
        String someoneElse = UUID.randomUUID() + "@example.com";
        server.signUpAndIn(someoneElse, PASSWORD);
        OIDCTokens theirs = tokens(someoneElse);
        assertThat(rp.active(fromCode.getAccessToken())).isTrue();
        assertThat(rows("oauth2_authorization_consent", id)).isOne();
        assertThat(rows("oauth2_refresh_token", id)).isPositive();

        // A wrong password deletes nothing, and revokes nothing.
        assertThat(deleteAccount(session, "not the password").status()).isEqualTo(400);
        assertThat(rp.active(fromCode.getAccessToken())).isTrue();
        assertThat(rp.active(rotated.getRefreshToken())).isTrue();

        assertThat(deleteAccount(session, PASSWORD).status()).isEqualTo(204);

        for (OIDCTokens gone : List.of(fromCode, rotated)) {
            assertThat(rp.active(gone.getAccessToken())).isFalse();
            assertThat(rp.active(gone.getRefreshToken())).isFalse();
            assertThat(rp.userInfo(gone).indicatesSuccess()).isFalse();
            var refused = rp.token(new RefreshTokenGrant(gone.getRefreshToken()), null);
            assertThat(refused.getStatusCode()).isEqualTo(400);
            assertThat(refused.getBody()).contains("invalid_grant");
        }
        for (String table : List.of("oauth2_authorization", "oauth2_authorization_consent", "oauth2_refresh_token")) {
            assertThat(rows(table, id)).as(table).isZero();
        }
        assertThat(rp.active(theirs.getAccessToken())).isTrue();
        assertThat(refreshed(theirs.getRefreshToken()).getAccessToken()).isNotNull();
    }
}
