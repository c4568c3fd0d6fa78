package io.cardea.server.oauth2;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Authorizations in PostgreSQL (Spring's JDBC service), plus what Spring does not do: detect a
 * rotated refresh token presented again. Rotation replaces the refresh token in its authorization;
 * the replaced one is remembered by its SHA-256. Whoever presents it again holds a copy of a token
 * its owner already used, so one of the two is a thief: the whole authorization, with its current
 * access and refresh tokens, is revoked.
 *
 * <p>Access tokens of the client_credentials grant are kept apart, in {@link IssuedAccessTokens}: looked
 * up there first, then in Spring's table, where those issued before that table existed still are.
 *
 * <p>Every call runs in one transaction. Spring's service looks up the registered client while it
 * reads an authorization's row; outside a transaction that second query borrows a second pooled
 * connection, and under concurrent load every connection ends up held by a request waiting for
 * another one. In a transaction both queries use the request's one connection.
 */
final class AuthorizationStore implements OAuth2AuthorizationService, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationStore.class);

    private final JdbcOperations jdbcOperations;
    private final RegisteredClientRepository clients;
    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final IssuedAccessTokens accessTokens;
    private volatile JdbcOAuth2AuthorizationService jdbcService;

    AuthorizationStore(JdbcOperations jdbcOperations, RegisteredClientRepository clients, JdbcClient jdbc,
            TransactionOperations transactions) {
        this.jdbcOperations = jdbcOperations;
        this.clients = clients;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accessTokens = new IssuedAccessTokens(jdbc);
    }

    /**
     * Spring's service reads the table's column types when it is made. It is made once every bean
     * exists, still before the port opens: the security filters that use this store are built with
     * the web server, before the schema guard has run, and an unreachable database or a schema
     * without the table must be reported by the guard.
     */
    @Override
    public void afterSingletonsInstantiated() {
        jdbcService = new JdbcOAuth2AuthorizationService(jdbcOperations, clients);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        if (IssuedAccessTokens.keeps(authorization)) {
            var access = authorization.getAccessToken();
            if (!access.isInvalidated()) {
                accessTokens.record(authorization);
                return;
            }
            // A revocation: of a token in the lean table, or of one issued before it existed.
            if (accessTokens.revoke(access.getToken().getTokenValue())) {
                return;
            }
        }
        transactions.executeWithoutResult(status -> saveInTransaction(authorization));
    }

    private void saveInTransaction(OAuth2Authorization authorization) {
        var refresh = authorization.getRefreshToken();
        if (refresh != null) {
            // Before the save: should the save fail, the hash recorded is of a token still current,
            // which findByToken finds in its authorization before it ever looks among spent ones.
            jdbc.sql("""
                    INSERT INTO oauth2_spent_refresh_token (token_hash, authorization_id, expires_at)
                    SELECT sha256(convert_to(refresh_token_value, 'UTF8')), id, refresh_token_expires_at
                      FROM oauth2_authorization
                     WHERE id = :id AND refresh_token_value <> :current
                    ON CONFLICT DO NOTHING""")
                    .param("id", authorization.getId())
                    .param("current", refresh.getToken().getTokenValue())
                    .update();
        }
        jdbcService.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        transactions.executeWithoutResult(status -> {
            if (IssuedAccessTokens.keeps(authorization)) {
                accessTokens.remove(authorization.getAccessToken().getToken().getTokenValue());
            }
            jdbcService.remove(authorization);
        });
    }

    /**
     * Authorizations kept in Spring's table only: Spring asks by id for those of the authorization code
     * flow (consent, code), never for a client_credentials one, whose token value is not kept.
     */
    @Override
    public OAuth2Authorization findById(String id) {
        return transactions.execute(status -> jdbcService.findById(id));
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            OAuth2Authorization issued = accessTokens.find(token);
            if (issued != null) {
                return issued;
            }
        }
        return transactions.execute(status -> findByTokenInTransaction(token, tokenType));
    }

    private OAuth2Authorization findByTokenInTransaction(String token, OAuth2TokenType tokenType) {
        OAuth2Authorization found = jdbcService.findByToken(token, tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            revokeIfSpent(token);
        }
        return found;
    }

    private void revokeIfSpent(String token) {
        jdbc.sql("""
                DELETE FROM oauth2_authorization a USING oauth2_spent_refresh_token s
                 WHERE s.token_hash = sha256(convert_to(:token, 'UTF8')) AND a.id = s.authorization_id
                RETURNING a.id, a.registered_client_id""")
                .param("token", token)
                .query((RowCallbackHandler) rs -> log.warn("A replaced refresh token was presented again: "
                        + "authorization {} of client {} revoked", rs.getString("id"),
                        rs.getString("registered_client_id")));
    }
}
