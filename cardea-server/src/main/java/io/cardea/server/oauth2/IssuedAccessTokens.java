package io.cardea.server.oauth2;

import io.cardea.server.keys.Sha256;
import com.nimbusds.jwt.JWTParser;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Access tokens of the client_credentials grant, one short row each in {@code oauth2_access_token},
 * found by the SHA-256 of the token. The grant is a service's token request, the server's busiest
 * write: Spring's own row would hold the token and its claims as serialised maps, indexed seven ways.
 * A row here holds what introspection and revocation need beside the token itself; the claims are
 * read back from the token, which is a JWT this server signed and which the caller presents.
 * Anything else (authorization codes, refresh and ID tokens, DPoP-bound tokens) stays in Spring's table.
 */
final class IssuedAccessTokens {

    private static final MappedJwtClaimSetConverter CLAIMS = MappedJwtClaimSetConverter.withDefaults(Map.of());

    private final JdbcClient jdbc;

    IssuedAccessTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether an authorization is one this table keeps: a client's own bearer JWT and nothing else. */
    static boolean keeps(OAuth2Authorization authorization) {
        var access = authorization.getAccessToken();
        return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
                && access != null && access.getClaims() != null
                && OAuth2AccessToken.TokenType.BEARER.equals(access.getToken().getTokenType())
                && authorization.getRefreshToken() == null && authorization.getAttributes().isEmpty();
    }

    void record(OAuth2Authorization authorization) {
        OAuth2AccessToken token = authorization.getAccessToken().getToken();
        record(token.getTokenValue(), authorization.getId(), authorization.getRegisteredClientId(),
                authorization.getPrincipalName(), token.getScopes(), token.getIssuedAt(), token.getExpiresAt());
    }

    void record(String tokenValue, String authorizationId, String registeredClientId, String principalName,
            Set<String> scopes, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO oauth2_access_token (token_hash, authorization_id, registered_client_id, principal_name,
                                                 scopes, issued_at, expires_at)
                VALUES (:hash, :id, :client, :principal, :scopes, :issued, :expires)""")
                .param("hash", hash(tokenValue))
                .param("id", authorizationId)
                .param("client", registeredClientId)
                .param("principal", principalName)
                .param("scopes", String.join(" ", scopes))
                .param("issued", Timestamp.from(issuedAt))
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }

    /** Marks a token revoked; false when it is not in this table. */
    boolean revoke(String tokenValue) {
        return revoke(tokenValue, null);
    }

    /** Marks a token of the client {@code registeredClientId} (null: of any) revoked; false when there is none here. */
    boolean revoke(String tokenValue, String registeredClientId) {
        return jdbc.sql("""
                UPDATE oauth2_access_token SET revoked_at = coalesce(revoked_at, now())
                 WHERE token_hash = :hash AND (CAST(:client AS text) IS NULL OR registered_client_id = :client)""")
                .param("hash", hash(tokenValue))
                .param("client", registeredClientId)
                .update() > 0;
    }

    void remove(String tokenValue) {
        jdbc.sql("DELETE FROM oauth2_access_token WHERE token_hash = :hash").param("hash", hash(tokenValue)).update();
    }

    /** The authorization of a token in this table, revoked ones included (they introspect inactive); null when absent. */
    OAuth2Authorization find(String tokenValue) {
        return jdbc.sql("""
                SELECT authorization_id, registered_client_id, principal_name, scopes, issued_at, expires_at,
                       revoked_at IS NOT NULL AS revoked
                  FROM oauth2_access_token WHERE token_hash = :hash""")
                .param("hash", hash(tokenValue))
                .query((rs, n) -> {
                    Set<String> scopes = scopes(rs.getString("scopes"));
                    var token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue,
                            rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant(), scopes);
                    boolean revoked = rs.getBoolean("revoked");
                    return new Builder(rs.getString("registered_client_id"))
                            .id(rs.getString("authorization_id"))
                            .principalName(rs.getString("principal_name"))
                            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                            .authorizedScopes(scopes)
                            .token(token, metadata -> {
                                metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims(tokenValue));
                                metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                            })
                            .build();
                })
                .optional().orElse(null);
    }

    /**
     * A client asking about a token: the client's row and, when the token is in this table, the
     * token's state, read by one query. {@code token} is null when the table does not have it.
     */
    record Introspection(RegisteredClient caller, Found token) {}

    /** @param clientId the client_id of the token's client, null once that client is gone */
    record Found(boolean revoked, Instant issuedAt, Instant expiresAt, String clientId) {
        boolean activeAt(Instant now) {
            return !revoked && clientId != null && !now.isBefore(issuedAt) && now.isBefore(expiresAt);
        }
    }

    /** Null when there is no client {@code clientId}. */
    Introspection introspect(String clientId, String tokenValue, RowMapper<RegisteredClient> clients) {
        return jdbc.sql("SELECT " + CLIENT_COLUMNS + """
                       , t.token_hash IS NOT NULL AS token_found, t.revoked_at IS NOT NULL AS token_revoked,
                       t.issued_at AS token_issued_at, t.expires_at AS token_expires_at,
                       tc.client_id AS token_client_id
                  FROM oauth2_registered_client c
                  LEFT JOIN oauth2_access_token t ON t.token_hash = :hash
                  LEFT JOIN oauth2_registered_client tc ON tc.id = t.registered_client_id
                 WHERE c.client_id = :client""")
                .param("hash", hash(tokenValue))
                .param("client", clientId)
                .query((rs, n) -> new Introspection(clients.mapRow(rs, n), !rs.getBoolean("token_found") ? null
                        : new Found(rs.getBoolean("token_revoked"), rs.getTimestamp("token_issued_at").toInstant(),
                                rs.getTimestamp("token_expires_at").toInstant(), rs.getString("token_client_id"))))
                .optional().orElse(null);
    }

    private static final String CLIENT_COLUMNS = String.join(", ",
            ParsedClients.COLUMNS.stream().map(column -> "c." + column).toList());

    /** Spring builds an authorization from a whole registered client, of which it keeps only the id. */
    private static final class Builder extends OAuth2Authorization.Builder {
        Builder(String registeredClientId) {
            super(registeredClientId);
        }
    }

    static Set<String> scopes(String spaceSeparated) {
        return spaceSeparated.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(spaceSeparated.split(" ")));
    }

    /** The claims as Spring's JWT decoder types them (instants, audience list), as the issuer had them. */
    static Map<String, Object> claims(String jwt) {
        try {
            return CLAIMS.convert(JWTParser.parse(jwt).getJWTClaimsSet().getClaims());
        } catch (ParseException e) {
            // Found by its hash, so this server wrote it: only a corrupted row could get here.
            throw new IllegalStateException("an issued access token is not a JWT", e);
        }
    }

    private static byte[] hash(String tokenValue) {
        return Sha256.of(tokenValue);
    }
}
