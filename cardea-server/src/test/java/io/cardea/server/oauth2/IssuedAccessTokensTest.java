package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** Client-credentials access tokens in their own table, and those issued before it in Spring's. */
@ExtendWith(PostgresExtension.class)
class IssuedAccessTokensTest {

    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    static JdbcOAuth2AuthorizationService springTable;
    static Clients.Registered machine;
    static RelyingParty rp;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
        springTable = new JdbcOAuth2AuthorizationService(new JdbcTemplate(db.dataSource()),
                server.server().part(RegisteredClientRepository.class));
        machine = register("machine");
        rp = new RelyingParty(server, machine.clientId(), machine.secret());
    }

    @Test
    void aTokenIsKeptAsItsHashAndIntrospectsWithItsClaims() {
        AccessToken token = issue(rp);

        assertThat(sql.sql("SELECT count(*) FROM oauth2_access_token WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
                .param("t", token.getValue()).query(Long.class).single()).isEqualTo(1);
        assertThat(sql.sql("SELECT count(*) FROM oauth2_authorization WHERE access_token_value = :t")
                .param("t", token.getValue()).query(Long.class).single()).isZero();

        var introspection = rp.introspect(token);
        assertThat(introspection.isActive()).isTrue();
        assertThat(introspection.getClientID().getValue()).isEqualTo("machine");
        assertThat(introspection.getSubject().getValue()).isEqualTo("machine");
        assertThat(introspection.getAudience()).extracting(a -> a.getValue()).containsExactly("machine");
        assertThat(introspection.getScope()).isEqualTo(new Scope("email"));
        assertThat(introspection.getTokenType().getValue()).isEqualTo("Bearer");
        assertThat(introspection.getIssuer().getValue()).isEqualTo(server.url(""));
        Jwt jwt = server.server().part(JwtDecoder.class).decode(token.getValue());
        assertThat(introspection.getExpirationTime().toInstant()).isEqualTo(jwt.getExpiresAt());
        assertThat(introspection.getIssueTime().toInstant()).isEqualTo(jwt.getIssuedAt());
    }

    @Test
    void aRevokedTokenIntrospectsInactiveAndAnotherClientCannotRevokeIt() {
        AccessToken token = issue(rp);
        var other = new RelyingParty(server, "other", register("other").secret());

        other.revoke(token);
        assertThat(rp.active(token)).isTrue();

        assertThat(rp.revoke(token).getStatusCode()).isEqualTo(200);
        assertThat(rp.active(token)).isFalse();
        assertThat(sql.sql("SELECT revoked_at IS NOT NULL FROM oauth2_access_token WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
                .param("t", token.getValue()).query(Boolean.class).single()).isTrue();
        // Revoking again changes nothing and is still a success, as RFC 7009 wants.
        assertThat(rp.revoke(token).getStatusCode()).isEqualTo(200);
        assertThat(rp.active(token)).isFalse();
    }

    @Test
    void anExpiredUnknownOrAlteredTokenIsInactive() {
        AccessToken token = issue(rp);
        String value = token.getValue();
        assertThat(rp.active(new BearerAccessToken(value.substring(0, value.length() - 2) + "xx"))).isFalse();
        assertThat(rp.active(new BearerAccessToken("not-a-token"))).isFalse();

        sql.sql("UPDATE oauth2_access_token SET issued_at = now() - interval '6 minutes', expires_at = now() - interval '1 minute' "
                + "WHERE token_hash = sha256(convert_to(:t, 'UTF8'))").param("t", value).update();
        assertThat(rp.active(token)).isFalse();
    }

    /**
     * A token the previous release issued, in Spring's table as that release wrote it: it still
     * introspects, and its revocation is written where that release, still serving during a
     * rolling upgrade, reads it.
     */
    @Test
    void aTokenIssuedBeforeTheTableExistedStillIntrospectsAndRevokes() {
        AccessToken token = issue(rp);
        String value = token.getValue();
        sql.sql("DELETE FROM oauth2_access_token WHERE token_hash = sha256(convert_to(:t, 'UTF8'))").param("t", value).update();
        assertThat(rp.active(token)).isFalse();
        springTable.save(asThePreviousReleaseStoredIt(value));

        var introspection = rp.introspect(token);
        assertThat(introspection.isActive()).isTrue();
        assertThat(introspection.getClientID().getValue()).isEqualTo("machine");
        assertThat(introspection.getScope()).isEqualTo(new Scope("email"));

        long rowsBefore = leanRows();
        assertThat(rp.revoke(token).getStatusCode()).isEqualTo(200);
        assertThat(rp.active(token)).isFalse();
        assertThat(springTable.findByToken(value, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isInvalidated()).isTrue();
        assertThat(leanRows()).as("the revocation went to Spring's row, not to a new one").isEqualTo(rowsBefore);
    }

    /** What Spring's client_credentials provider saves, as the previous release stored it. */
    private static OAuth2Authorization asThePreviousReleaseStoredIt(String value) {
        Jwt jwt = server.server().part(JwtDecoder.class).decode(value);
        var client = server.server().part(RegisteredClientRepository.class).findByClientId("machine");
        var accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, jwt.getIssuedAt(),
                jwt.getExpiresAt(), java.util.Set.of("email"));
        return OAuth2Authorization.withRegisteredClient(client)
                .principalName("machine")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .authorizedScopes(java.util.Set.of("email"))
                .token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims()))
                .build();
    }

    private static long leanRows() {
        return sql.sql("SELECT count(*) FROM oauth2_access_token").query(Long.class).single();
    }

    private static AccessToken issue(RelyingParty party) {
        return RelyingParty.tokens(party.token(new ClientCredentialsGrant(), new Scope("email"))).getAccessToken();
    }

    private static Clients.Registered register(String clientId) {
        return server.server().part(Clients.class).register(clientId, clientId, Clients.Kind.CONFIDENTIAL,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
    }
}
