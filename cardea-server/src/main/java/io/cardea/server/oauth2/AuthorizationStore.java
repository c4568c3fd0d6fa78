package io.cardea.server.oauth2;

import io.cardea.server.keys.Sha256;
import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Authorizations in PostgreSQL (Spring's JDBC service), plus what Spring does not do: detect a
 * rotated refresh token presented again. Whoever presents it again holds a copy of a token its
 * owner already used, so one of the two is a thief: the whole authorization, with its current
 * access and refresh tokens, is revoked.
 *
 * <p>Refresh tokens rotated by Cardea's refresh grant, and the access tokens issued with them, are
 * kept in {@link RefreshTokens}; the authorization they belong to stays here, and a token found
 * there is answered as that authorization holding it. Refresh tokens the previous release rotated
 * in Spring's table are remembered by their SHA-256 in {@code oauth2_spent_refresh_token}.
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

    /** What Spring's code exchange asks for a code by. */
    private static final OAuth2TokenType AUTHORIZATION_CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private final JdbcOperations jdbcOperations;
    private final RegisteredClientRepository clients;
    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final IssuedAccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private volatile JdbcOAuth2AuthorizationService jdbcService;

    AuthorizationStore(JdbcOperations jdbcOperations, RegisteredClientRepository clients, JdbcClient jdbc,
            TransactionOperations transactions) {
        this.jdbcOperations = jdbcOperations;
        this.clients = clients;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accessTokens = new IssuedAccessTokens(jdbc);
        this.refreshTokens = new RefreshTokens(jdbc);
    }

    RefreshTokens refreshTokens() {
        return refreshTokens;
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
        transactions.executeWithoutResult(status -> {
            if (!refreshTokens.revoke(authorization)) {
                jdbcService.save(authorization);
            }
        });
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
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)
                || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
            var rotated = refreshTokens.find(token, tokenType);
            if (rotated.isPresent()) {
                // A spent refresh token is of no use any more: the grant treats it as reused.
                return rotated.get().refresh() && rotated.get().revoked() ? null
                        : withFamily(rotated.get(), token);
            }
        }
        return findInSpringTable(token, tokenType);
    }

    private OAuth2Authorization findInSpringTable(String token, OAuth2TokenType tokenType) {
        OAuth2Authorization found = jdbcService.findByToken(token, tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            revokeIfSpent(token);
        }
        if (found != null && AUTHORIZATION_CODE.equals(tokenType)
                && found.getToken(OAuth2AuthorizationCode.class).isInvalidated()) {
            // A code used a second time: whoever holds it may hold the tokens of its first use too,
            // also those rotated since, in oauth2_refresh_token. The whole authorization goes.
            refreshTokens.revokeFamily(found.getId(), "An authorization code was presented again");
            return null;
        }
        return found;
    }

    private OAuth2Authorization withFamily(RefreshTokens.Found rotated, String token) {
        OAuth2Authorization family = jdbcService.findById(rotated.authorizationId());
        return family == null ? null : rotated.into(family, token);
    }

    /**
     * A refresh token still kept in Spring's table (issued by the code exchange, or by the previous
     * release), taken out of it on its first use by the refresh grant, which records it spent in
     * {@code oauth2_refresh_token} and continues there. Empty when there is none live for this
     * client, or when a request with the same token took it first. In the caller's transaction.
     */
    Optional<RefreshTokens.Spent> takeRefreshToken(String token, byte[] hash, String registeredClientId) {
        OAuth2Authorization found = findInSpringTable(token, OAuth2TokenType.REFRESH_TOKEN);
        if (found == null || !found.getRegisteredClientId().equals(registeredClientId)
                || !found.getRefreshToken().isActive()) {
            return Optional.empty();
        }
        // Only the value goes: its expiry stays, so that the previous release's purge keeps the
        // authorization while a roll-out lasts.
        int taken = jdbc.sql("""
                UPDATE oauth2_authorization SET refresh_token_value = NULL
                 WHERE id = :id AND refresh_token_value = :token""")
                .param("id", found.getId())
                .param("token", token)
                .update();
        if (taken == 0) {
            return Optional.empty();
        }
        OAuth2RefreshToken refresh = found.getRefreshToken().getToken();
        refreshTokens.recordSpent(new RefreshTokens.Issue(hash, found.getId(), registeredClientId,
                found.getPrincipalName(), found.getAuthorizedScopes(), refresh.getIssuedAt(), refresh.getExpiresAt(),
                null));
        return Optional.of(new RefreshTokens.Spent(found.getId(), found.getPrincipalName(), found.getAuthorizedScopes(),
                refresh.getExpiresAt(), refreshTokens.identityActive(found.getPrincipalName())));
    }

    /** A refresh token the previous release rotated, presented again: its family goes. */
    private void revokeIfSpent(String token) {
        jdbc.sql("SELECT authorization_id FROM oauth2_spent_refresh_token WHERE token_hash = :hash")
                .param("hash", Sha256.of(token))
                .query(String.class)
                .optional()
                .ifPresent(id -> refreshTokens.revokeFamily(id, "A replaced refresh token was presented again"));
    }
}
