package io.cardea.server.oauth2;

import io.cardea.server.keys.Sha256;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Refresh tokens issued by the refresh_token grant, one short row per rotation in
 * {@code oauth2_refresh_token}, found by the SHA-256 of the token, with the access token issued
 * beside each. A family is the authorization the first refresh token came from, whose row in
 * Spring's table keeps the code, the consent state and the ID token: deleting it revokes every row
 * here (the foreign key cascades). Every method runs in its caller's transaction.
 */
final class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    /** A live token just marked spent: what the next one is issued from. */
    record Spent(String authorizationId, String principalName, Set<String> scopes, Instant expiresAt,
            boolean identityActive) {}

    /** A token this table knows that could not be spent: spent already, or another client's. */
    record Known(String authorizationId, String registeredClientId) {}

    /** A token and the access token issued with it, as a new row records them. */
    record Issue(byte[] tokenHash, String authorizationId, String registeredClientId, String principalName,
            Set<String> scopes, Instant issuedAt, Instant expiresAt, OAuth2AccessToken accessToken) {}

    private final JdbcClient jdbc;

    RefreshTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Marks a live token of this client spent; empty when there is none (unknown, spent already, or
     * another client's). The row lock makes two requests with one token take turns: the second
     * finds it spent.
     */
    Optional<Spent> spend(byte[] tokenHash, String registeredClientId) {
        return jdbc.sql("""
                UPDATE oauth2_refresh_token r SET spent_at = now()
                 WHERE token_hash = :hash AND spent_at IS NULL AND registered_client_id = :client
                RETURNING authorization_id, principal_name, scopes, expires_at,
                          EXISTS (SELECT 1 FROM identities i
                                   WHERE i.id = r.principal_name::uuid AND i.state = 'active') AS identity_active""")
                .param("hash", tokenHash)
                .param("client", registeredClientId)
                .query((rs, n) -> new Spent(rs.getString("authorization_id"), rs.getString("principal_name"),
                        IssuedAccessTokens.scopes(rs.getString("scopes")), rs.getTimestamp("expires_at").toInstant(),
                        rs.getBoolean("identity_active")))
                .optional();
    }

    boolean identityActive(String principalName) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM identities WHERE id = :id::uuid AND state = 'active')")
                .param("id", principalName)
                .query(Boolean.class)
                .single();
    }

    Optional<Known> known(byte[] tokenHash) {
        return jdbc.sql("SELECT authorization_id, registered_client_id FROM oauth2_refresh_token WHERE token_hash = :hash")
                .param("hash", tokenHash)
                .query((rs, n) -> new Known(rs.getString("authorization_id"), rs.getString("registered_client_id")))
                .optional();
    }

    /** Records a token and the access token issued with it. */
    void issue(Issue issue) {
        OAuth2AccessToken access = issue.accessToken();
        insert(issue, null, Sha256.of(access.getTokenValue()), String.join(" ", access.getScopes()),
                Timestamp.from(access.getIssuedAt()), Timestamp.from(access.getExpiresAt()));
    }

    /**
     * Records a token first issued in Spring's table as spent here: it was just rotated, and
     * presented again it must be found as a reused token.
     */
    void recordSpent(Issue issue) {
        insert(issue, Timestamp.from(Instant.now()), null, null, null, null);
    }

    private void insert(Issue issue, Timestamp spentAt, byte[] accessHash, String accessScopes, Timestamp accessIssued,
            Timestamp accessExpires) {
        jdbc.sql("""
                INSERT INTO oauth2_refresh_token (token_hash, authorization_id, registered_client_id, principal_name,
                        scopes, issued_at, expires_at, spent_at, access_token_hash, access_token_scopes,
                        access_token_issued_at, access_token_expires_at)
                VALUES (:hash, :authorization, :client, :principal, :scopes, :issued, :expires, :spent, :accessHash,
                        :accessScopes, :accessIssued, :accessExpires)""")
                .param("hash", issue.tokenHash())
                .param("authorization", issue.authorizationId())
                .param("client", issue.registeredClientId())
                .param("principal", issue.principalName())
                .param("scopes", String.join(" ", issue.scopes()))
                .param("issued", Timestamp.from(issue.issuedAt()))
                .param("expires", Timestamp.from(issue.expiresAt()))
                .param("spent", spentAt, Types.TIMESTAMP)
                .param("accessHash", accessHash, Types.BINARY)
                .param("accessScopes", accessScopes, Types.VARCHAR)
                .param("accessIssued", accessIssued, Types.TIMESTAMP)
                .param("accessExpires", accessExpires, Types.TIMESTAMP)
                .update();
    }

    /**
     * Deletes a family with every token of it, and says so in the log; nothing when it was gone
     * already. In a transaction that holds no lock of the family's rows yet.
     */
    void revokeFamily(String authorizationId, String why) {
        deleteFamily(authorizationId).ifPresent(client ->
                log.warn("{}: authorization {} of client {} revoked", why, authorizationId, client));
    }

    /** The client the deleted family was issued to; empty when it was gone already. */
    private Optional<String> deleteFamily(String authorizationId) {
        // Locks in the order a refresh takes them, so that neither waits for the other in a circle.
        // The family's row first, in a mode a refresh's insert (a key share, for the foreign key)
        // goes past; then its rows here, waiting for refreshes that hold one; then the family's row,
        // whose cascade takes the rows those refreshes added.
        Optional<String> client = jdbc.sql("""
                SELECT registered_client_id FROM oauth2_authorization WHERE id = :id FOR NO KEY UPDATE""")
                .param("id", authorizationId)
                .query(String.class)
                .optional();
        if (client.isPresent()) {
            deleteLocked(List.of(authorizationId));
        }
        return client;
    }

    /**
     * Deletes every family of a principal (an identity's id) with every token of them; returns how
     * many. In the caller's transaction, taking the locks as {@link #deleteFamily} does, the families
     * in the order of their ids, so two of these never wait for each other in a circle.
     */
    int revokeFamiliesOf(String principalName) {
        List<String> ids = jdbc.sql("""
                SELECT id FROM oauth2_authorization WHERE principal_name = :principal ORDER BY id FOR NO KEY UPDATE""")
                .param("principal", principalName)
                .query(String.class)
                .list();
        if (!ids.isEmpty()) {
            deleteLocked(ids);
        }
        return ids.size();
    }

    /** Deletes families whose rows in Spring's table this transaction has locked already. */
    private void deleteLocked(List<String> authorizationIds) {
        jdbc.sql("DELETE FROM oauth2_refresh_token WHERE authorization_id IN (:ids)").param("ids", authorizationIds)
                .update();
        jdbc.sql("DELETE FROM oauth2_authorization WHERE id IN (:ids)").param("ids", authorizationIds).update();
    }

    /**
     * Carries out a revocation of an authorization this table built (see {@link #find}): a revoked
     * refresh token revokes its family, a revoked access token is marked. False when neither token
     * is one of this table's.
     */
    boolean revoke(OAuth2Authorization authorization) {
        var refresh = authorization.getRefreshToken();
        if (refresh != null && refresh.isInvalidated()) {
            Optional<Known> known = known(Sha256.of(refresh.getToken().getTokenValue()));
            if (known.isPresent()) {
                deleteFamily(known.get().authorizationId());
                return true;
            }
        }
        var access = authorization.getAccessToken();
        return access != null && access.isInvalidated() && jdbc.sql("""
                UPDATE oauth2_refresh_token SET access_token_revoked_at = coalesce(access_token_revoked_at, now())
                 WHERE access_token_hash = :hash""")
                .param("hash", Sha256.of(access.getToken().getTokenValue()))
                .update() > 0;
    }

    /**
     * A token found in this table: a refresh token (revoked: spent) or an access token (revoked:
     * revoked by its client).
     */
    record Found(String authorizationId, boolean refresh, Instant issuedAt, Instant expiresAt, Set<String> scopes,
            boolean revoked) {

        /** The family's authorization with this token as its refresh or access token. */
        OAuth2Authorization into(OAuth2Authorization family, String tokenValue) {
            var builder = OAuth2Authorization.from(family);
            if (refresh) {
                builder.token(new OAuth2RefreshToken(tokenValue, issuedAt, expiresAt),
                        metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false));
            } else {
                builder.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, issuedAt, expiresAt,
                        scopes), metadata -> {
                            metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
                                    IssuedAccessTokens.claims(tokenValue));
                            metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                        });
            }
            return builder.build();
        }
    }

    /**
     * A refresh or access token of this table by its value; empty when the table does not know it.
     * A spent refresh token is found too, so that it is not looked for elsewhere.
     */
    Optional<Found> find(String tokenValue, OAuth2TokenType type) {
        String where = type == null ? "token_hash = :hash OR access_token_hash = :hash"
                : OAuth2TokenType.REFRESH_TOKEN.equals(type) ? "token_hash = :hash" : "access_token_hash = :hash";
        byte[] hash = Sha256.of(tokenValue);
        return jdbc.sql("""
                SELECT authorization_id, token_hash = :hash AS refresh, spent_at IS NOT NULL AS spent, issued_at,
                       expires_at, access_token_issued_at, access_token_expires_at, access_token_scopes,
                       access_token_revoked_at IS NOT NULL AS access_revoked
                  FROM oauth2_refresh_token WHERE\s""" + where)
                .param("hash", hash)
                .query((rs, n) -> rs.getBoolean("refresh")
                        ? new Found(rs.getString("authorization_id"), true, rs.getTimestamp("issued_at").toInstant(),
                                rs.getTimestamp("expires_at").toInstant(), Set.of(), rs.getBoolean("spent"))
                        : new Found(rs.getString("authorization_id"), false,
                                rs.getTimestamp("access_token_issued_at").toInstant(),
                                rs.getTimestamp("access_token_expires_at").toInstant(),
                                IssuedAccessTokens.scopes(rs.getString("access_token_scopes")),
                                rs.getBoolean("access_revoked")))
                .optional();
    }
}
