package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cardea's refresh_token grant: rotation in {@code oauth2_refresh_token} with reuse detection that
 * revokes the family, and every way a refresh is refused with nothing changed.
 */
@ExtendWith(PostgresExtension.class)
class RefreshTokenGrantTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TestServer server;
    static JdbcClient sql;

    /** Each test's own person and client: the tests share one server and database. */
    private final String email = UUID.randomUUID() + "@example.com";
    private RelyingParty rp;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rotationKeepsNoTokenValueAndAReusedTokenRevokesTheWholeFamily() throws Exception {
        OIDCTokens first = signedInTokens();
        OIDCTokens second = refreshed(first.getRefreshToken());
        HTTPResponse answer = refresh(second.getRefreshToken(), null);
        OIDCTokens third = RelyingParty.tokens(answer);

        // No ID token on refresh (OpenID Connect Core §12.2); userinfo answers with the refreshed token.
        assertThat(answer.getBodyAsJSONObject()).containsKeys("access_token", "refresh_token")
                .doesNotContainKey("id_token");
        assertThat(rp.userInfo(third).toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo(email);
        assertThat(rp.active(third.getAccessToken())).isTrue();
        assertThat(rp.active(third.getRefreshToken())).isTrue();
        assertThat(rp.active(second.getRefreshToken())).isFalse();
        // Neither the rotated refresh tokens nor their access tokens are kept as values anywhere.
        for (var value : List.of(second.getRefreshToken().getValue(), third.getRefreshToken().getValue(),
                third.getAccessToken().getValue())) {
            assertThat(sql.sql("SELECT count(*) FROM oauth2_authorization a WHERE strpos(a::text, :v) > 0")
                    .param("v", value).query(Long.class).single()).isZero();
            assertThat(sql.sql("SELECT count(*) FROM oauth2_refresh_token r WHERE strpos(r::text, :v) > 0")
                    .param("v", value).query(Long.class).single()).isZero();
        }

        // The token of the first rotation, presented again: the family goes, its latest tokens with it.
        assertThat(refresh(second.getRefreshToken(), null).getStatusCode()).isEqualTo(400);
        assertThat(rp.active(third.getAccessToken())).isFalse();
        assertThat(rp.active(second.getAccessToken())).isFalse();
        assertThat(rp.userInfo(third).indicatesSuccess()).isFalse();
        assertThat(refresh(third.getRefreshToken(), null).getStatusCode()).isEqualTo(400);
        assertThat(familyRows(third.getRefreshToken())).isZero();
    }

    /**
     * A refresh with a client secret is answered at the front of the chain ({@link TokenShortcut});
     * with a query string it goes to Spring's endpoint instead. Both answers carry the same fields,
     * and their access tokens the header and claims of the code exchange's, which Spring's
     * generator made. A secret in the form is taken as well as one in the header.
     */
    @Test
    void theShortcutAnswersARefreshAsSpringsEndpointDoes() throws Exception {
        var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        rp = new RelyingParty(server, client.clientId(), client.secret());
        OIDCTokens fromCode = signedInTokens(email);
        OIDCTokens otherFamily = signedInTokens(email);
        TestServer.Response direct = post("", "Basic " + Base64.getEncoder().encodeToString(
                (client.clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8)),
                fromCode.getRefreshToken(), "");
        TestServer.Response bySpring = post("?via=spring", null, otherFamily.getRefreshToken(),
                "&client_id=" + client.clientId() + "&client_secret=" + client.secret());

        Map<String, Object> a = JSON.readValue(direct.body(), new TypeReference<>() {});
        Map<String, Object> b = JSON.readValue(bySpring.body(), new TypeReference<>() {});
        assertThat(a.keySet()).as(direct.body()).containsExactlyInAnyOrderElementsOf(b.keySet())
                .containsExactlyInAnyOrder("access_token", "refresh_token", "scope", "token_type", "expires_in");
        for (String same : List.of("scope", "token_type", "expires_in")) {
            assertThat(a.get(same)).as(same).isEqualTo(b.get(same));
        }
        for (var answer : List.of(direct, bySpring)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Cache-Control")).contains("no-store");
            assertThat(answer.header("Content-Type")).startsWith("application/json");
        }
        SignedJWT code = SignedJWT.parse(fromCode.getAccessToken().getValue());
        JWKSet jwks = JWKSet.parse(server.get("/oauth2/jwks", null).body());
        for (var answer : List.of(a, b)) {
            SignedJWT refreshed = SignedJWT.parse((String) answer.get("access_token"));
            assertThat(refreshed.getHeader().toJSONObject()).isEqualTo(code.getHeader().toJSONObject());
            assertThat(refreshed.getPayload().toJSONObject().keySet())
                    .containsExactlyInAnyOrderElementsOf(code.getPayload().toJSONObject().keySet());
            for (String same : List.of("sub", "aud", "iss", "scope")) {
                assertThat(refreshed.getJWTClaimsSet().getClaim(same)).as(same)
                        .isEqualTo(code.getJWTClaimsSet().getClaim(same));
            }
            assertThat(RelyingParty.verifies(refreshed, jwks)).isTrue();
            assertThat(rp.active(new BearerAccessToken((String) answer.get("access_token")))).isTrue();
            assertThat(rp.active(new RefreshToken((String) answer.get("refresh_token")))).isTrue();
        }
    }

    @Test
    void twoRequestsWithOneTokenAtOnceGetOneAnswerAndTheOtherRevokesTheFamily() throws Exception {
        // For tokens still in Spring's table (the code exchange's), and for rotated ones; a few
        // rounds, each its own family.
        for (int round = 0; round < 3; round++) {
            for (boolean rotatedBefore : List.of(false, true)) {
                OIDCTokens fromCode = signedInTokens();
                RefreshToken token = rotatedBefore ? refreshed(fromCode.getRefreshToken()).getRefreshToken()
                        : fromCode.getRefreshToken();
                List<HTTPResponse> answers = race(token);

                assertThat(answers).filteredOn(HTTPResponse::indicatesSuccess).hasSize(1);
                assertThat(answers).filteredOn(r -> !r.indicatesSuccess()).allSatisfy(r -> {
                    assertThat(r.getStatusCode()).isEqualTo(400);
                    assertThat(r.getBody()).contains("invalid_grant");
                });
                OIDCTokens winner = RelyingParty.tokens(answers.stream().filter(HTTPResponse::indicatesSuccess)
                        .findFirst().orElseThrow());
                assertThat(refresh(winner.getRefreshToken(), null).getStatusCode()).isEqualTo(400);
                assertThat(rp.active(winner.getAccessToken())).isFalse();
                assertThat(familyRows(winner.getRefreshToken())).isZero();
            }
        }
    }

    @Test
    void anotherClientsTokenIsRefusedAndChangesNothing() {
        OIDCTokens fromCode = signedInTokens();
        RelyingParty owner = rp;
        var other = client();
        OIDCTokens rotated = refreshed(fromCode.getRefreshToken());

        for (var token : List.of(rotated.getRefreshToken(), fromCode.getRefreshToken())) {
            HTTPResponse refused = other.token(new RefreshTokenGrant(token), null);
            assertThat(refused.getStatusCode()).isEqualTo(400);
            assertThat(refused.getBody()).contains("invalid_grant");
        }
        // The spent token presented by another client revoked nothing: the owner's latest still works.
        assertThat(owner.active(rotated.getAccessToken())).isTrue();
        OIDCTokens next = RelyingParty.tokens(owner.token(new RefreshTokenGrant(rotated.getRefreshToken()), null));
        assertThat(owner.active(next.getAccessToken())).isTrue();
        // Nor is the owner's token usable as another client's at the revocation endpoint.
        assertThat(other.revoke(next.getRefreshToken()).getStatusCode()).isIn(400, 401);
        assertThat(owner.active(next.getRefreshToken())).isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedAndChangesNothing() {
        OIDCTokens fromCode = signedInTokens();
        sql.sql("UPDATE oauth2_authorization SET refresh_token_issued_at = now() - interval '2 days', "
                + "refresh_token_expires_at = now() - interval '1 day' "
                + "WHERE refresh_token_value = :t").param("t", fromCode.getRefreshToken().getValue()).update();
        assertThat(refresh(fromCode.getRefreshToken(), null).getBody()).contains("invalid_grant");
        assertThat(sql.sql("SELECT count(*) FROM oauth2_authorization WHERE refresh_token_value = :t")
                .param("t", fromCode.getRefreshToken().getValue()).query(Long.class).single()).isOne();

        OIDCTokens rotated = refreshed(signedInTokens().getRefreshToken());
        sql.sql("UPDATE oauth2_refresh_token SET issued_at = now() - interval '2 days', expires_at = now() - interval '1 day' "
                + "WHERE token_hash = sha256(convert_to(:t, 'UTF8'))").param("t", rotated.getRefreshToken().getValue())
                .update();
        assertThat(refresh(rotated.getRefreshToken(), null).getBody()).contains("invalid_grant");
        assertThat(spent(rotated.getRefreshToken())).isFalse();
        assertThat(rp.active(rotated.getAccessToken())).isTrue();
    }

    @Test
    void aDisabledIdentityIsRefusedUntilEnabledAgain() {
        OIDCTokens rotated = refreshed(signedInTokens().getRefreshToken());
        OIDCTokens fromCode = signedInTokens(email);
        sql.sql("UPDATE identities SET state = 'disabled' WHERE email = :e").param("e", email).update();
        assertThat(refresh(rotated.getRefreshToken(), null).getBody()).contains("invalid_grant");
        assertThat(spent(rotated.getRefreshToken())).isFalse();
        assertThat(refresh(fromCode.getRefreshToken(), null).getBody()).contains("invalid_grant");

        sql.sql("UPDATE identities SET state = 'active' WHERE email = :e").param("e", email).update();
        assertThat(refresh(rotated.getRefreshToken(), null).getStatusCode()).isEqualTo(200);
        assertThat(refresh(fromCode.getRefreshToken(), null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void scopesNarrowForOneAccessTokenAndNeverWiden() {
        OIDCTokens rotated = refreshed(signedInTokens().getRefreshToken());
        HTTPResponse wider = refresh(rotated.getRefreshToken(), new Scope("openid", "email", "profile"));
        assertThat(wider.getStatusCode()).isEqualTo(400);
        assertThat(wider.getBody()).contains("invalid_scope");
        assertThat(spent(rotated.getRefreshToken())).isFalse();

        OIDCTokens narrow = RelyingParty.tokens(refresh(rotated.getRefreshToken(), new Scope("openid")));
        assertThat(rp.introspect(narrow.getAccessToken()).getScope()).isEqualTo(new Scope("openid"));
        // The refresh token keeps what was granted.
        OIDCTokens full = refreshed(narrow.getRefreshToken());
        assertThat(rp.introspect(full.getAccessToken()).getScope()).isEqualTo(new Scope("openid", "email"));
    }

    @Test
    void revokingARotatedRefreshTokenRevokesTheFamilyAndRevokingItsAccessTokenDoesNot() {
        OIDCTokens rotated = refreshed(signedInTokens().getRefreshToken());
        assertThat(rp.revoke(rotated.getAccessToken()).getStatusCode()).isEqualTo(200);
        assertThat(rp.active(rotated.getAccessToken())).isFalse();
        assertThat(rp.userInfo(rotated).indicatesSuccess()).isFalse();
        OIDCTokens next = refreshed(rotated.getRefreshToken());
        assertThat(rp.active(next.getAccessToken())).isTrue();

        assertThat(rp.revoke(next.getRefreshToken()).getStatusCode()).isEqualTo(200);
        assertThat(rp.active(next.getRefreshToken())).isFalse();
        assertThat(rp.active(next.getAccessToken())).isFalse();
        assertThat(refresh(next.getRefreshToken(), null).getStatusCode()).isEqualTo(400);
        assertThat(familyRows(next.getRefreshToken())).isZero();
    }

    @Test
    void aCodeUsedAgainAfterARefreshRevokesTheRotatedTokens() {
        rp = client();
        server.signUpAndIn(email, AuthorizationCodeFlowTest.PASSWORD);
        var verifier = new CodeVerifier();
        var code = AuthorizationCodeFlowTest.authorize(server, server, new Browser(), rp, verifier, email);
        OIDCTokens rotated = refreshed(RelyingParty.tokens(rp.exchange(code, verifier)).getRefreshToken());

        assertThat(rp.exchange(code, verifier).getStatusCode()).isEqualTo(400);
        assertThat(rp.active(rotated.getAccessToken())).isFalse();
        assertThat(refresh(rotated.getRefreshToken(), null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void aTokenTheSpringTableRotatedBeforeStillRefreshesAndItsPredecessorRevokes() {
        // What the previous release leaves: the current token in Spring's row, the one it replaced
        // by its SHA-256 in oauth2_spent_refresh_token.
        OIDCTokens fromCode = signedInTokens();
        String replaced = "replaced-by-the-previous-release-" + UUID.randomUUID();
        sql.sql("""
                INSERT INTO oauth2_spent_refresh_token (token_hash, authorization_id, expires_at)
                SELECT sha256(convert_to(:replaced, 'UTF8')), id, refresh_token_expires_at
                  FROM oauth2_authorization WHERE refresh_token_value = :current""")
                .param("replaced", replaced).param("current", fromCode.getRefreshToken().getValue()).update();

        OIDCTokens next = refreshed(fromCode.getRefreshToken());
        assertThat(sql.sql("SELECT count(*) FROM oauth2_authorization WHERE refresh_token_value = :t")
                .param("t", fromCode.getRefreshToken().getValue()).query(Long.class).single()).isZero();
        assertThat(rp.active(next.getAccessToken())).isTrue();

        assertThat(refresh(new RefreshToken(replaced), null).getStatusCode()).isEqualTo(400);
        assertThat(rp.active(next.getAccessToken())).isFalse();
        assertThat(refresh(next.getRefreshToken(), null).getStatusCode()).isEqualTo(400);
    }

    /** The tokens of the code flow for this test's person, through a new client. */
    private OIDCTokens signedInTokens() {
        rp = client();
        return signedInTokens(email);
    }

    /** The tokens of the code flow for {@code person} through the current client; signs the person up first. */
    private OIDCTokens signedInTokens(String person) {
        if (sql.sql("SELECT count(*) FROM identities WHERE email = :e").param("e", person).query(Long.class).single() == 0) {
            server.signUpAndIn(person, AuthorizationCodeFlowTest.PASSWORD);
        }
        var verifier = new CodeVerifier();
        var code = AuthorizationCodeFlowTest.authorize(server, server, new Browser(), rp, verifier, person);
        return RelyingParty.tokens(rp.exchange(code, verifier));
    }

    private static RelyingParty client() {
        var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Web app",
                Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        return new RelyingParty(server, client.clientId(), client.secret());
    }

    /** A refresh as a form, with the client's credentials in {@code authorization} or in {@code moreForm}. */
    private static TestServer.Response post(String query, String authorization, RefreshToken token, String moreForm) {
        var request = server.request("/oauth2/token" + query, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + token.getValue()
                        + moreForm));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request);
    }

    private HTTPResponse refresh(RefreshToken token, Scope scope) {
        return rp.token(new RefreshTokenGrant(token), scope);
    }

    private OIDCTokens refreshed(RefreshToken token) {
        return RelyingParty.tokens(refresh(token, null));
    }

    private List<HTTPResponse> race(RefreshToken token) throws Exception {
        int requests = 6;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            var start = new CountDownLatch(1);
            List<Future<HTTPResponse>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return refresh(token, null);
                }));
            }
            start.countDown();
            List<HTTPResponse> result = new ArrayList<>();
            for (var answer : answers) {
                result.add(answer.get());
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean spent(RefreshToken token) {
        return sql.sql("SELECT spent_at IS NOT NULL FROM oauth2_refresh_token WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
                .param("t", token.getValue()).query(Boolean.class).single();
    }

    /** Rows of the family a rotated refresh token belongs to; 0 once the family is revoked (or unknown). */
    private static long familyRows(RefreshToken token) {
        return sql.sql("""
                SELECT count(*) FROM oauth2_refresh_token WHERE authorization_id IN (
                    SELECT authorization_id FROM oauth2_refresh_token WHERE token_hash = sha256(convert_to(:t, 'UTF8')))""")
                .param("t", token.getValue()).query(Long.class).single();
    }
}
