package io.cardea.server.oauth2;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Everything the OAuth2 server keeps for an identity, which is the principal name of its
 * authorizations and consents: revoked at once when the identity is deleted, so that no token of
 * an account that is gone keeps working. Access tokens of the client_credentials grant
 * ({@code oauth2_access_token}) belong to clients, never to an identity, and are left alone.
 */
public final class IdentityTokens {

    private final JdbcClient jdbc;
    private final RefreshTokens refreshTokens;

    IdentityTokens(JdbcClient jdbc, RefreshTokens refreshTokens) {
        this.jdbc = jdbc;
        this.refreshTokens = refreshTokens;
    }

    /**
     * Deletes every authorization of the identity (its codes, access, refresh and ID tokens, and the
     * refresh tokens rotated from them) and every consent it gave; returns how many authorizations
     * went. In the caller's transaction: with the identity's own deletion, or not at all.
     */
    public int revokeAll(UUID identityId) {
        String principal = identityId.toString();
        int authorizations = refreshTokens.revokeFamiliesOf(principal);
        jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE principal_name = :principal")
                .param("principal", principal)
                .update();
        return authorizations;
    }
}
