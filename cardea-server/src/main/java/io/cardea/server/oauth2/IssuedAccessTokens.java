package io.cardea.server.oauth2;

import com.nimbusds.jwt.JWTParser;
import java.sql.Timestamp;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

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
        jdbc.sql("""
                INSERT INTO oauth2_access_token (token_hash, authorization_id, registered_client_id, principal_name,
                                                 scopes, issued_at, expires_at)
                VALUES (:hash, :id, :client, :principal, :scopes, :issued, :expires)""")
                .param("hash", hash(token.getTokenValue()))
                .param("id", authorization.getId())
                .param("client", authorization.getRegisteredClientId())
                .param("principal", authorization.getPrincipalName())
                .param("scopes", String.join(" ", token.getScopes()))
                .param("issued", Timestamp.from(token.getIssuedAt()))
                .param("expires", Timestamp.from(token.getExpiresAt()))
                .update();
    }

    /** Marks a token revoked; false when it is not in this table. */
    boolean revoke(String tokenValue) {
        return jdbc.sql("UPDATE oauth2_access_token SET revoked_at = coalesce(revoked_at, now()) WHERE token_hash = :hash")
                .param("hash", hash(tokenValue))
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
