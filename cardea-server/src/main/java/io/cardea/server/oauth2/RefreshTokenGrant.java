package io.cardea.server.oauth2;

import io.cardea.server.keys.Sha256;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The refresh_token grant, in place of Spring's: in one transaction, the presented token is spent
 * (one primary-key update, which also says whether its identity is still active) and the next one
 * recorded with its access token (one insert). A spent token presented again revokes its family. No
 * ID token is issued: OpenID Connect lets a refresh answer leave it out (Core §12.2), the relying
 * party keeps the one it got with the code, and the userinfo endpoint answers for the identity as it
 * is now. See docs/design/refresh-tokens.md.
 *
 * <p>Refresh tokens still kept in Spring's table (issued by the code exchange, or by the previous
 * release) are taken out of it on their first use here and continue in {@code oauth2_refresh_token}.
 */
final class RefreshTokenGrant implements AuthenticationProvider {

    private static final Base64.Encoder TOKEN_TEXT = Base64.getUrlEncoder().withoutPadding();

    private final AuthorizationStore authorizations;
    private final RefreshTokens refreshTokens;
    private final AccessTokenJwt accessTokens;
    private final TransactionOperations transactions;
    private final SecureRandom random = new SecureRandom();

    RefreshTokenGrant(AuthorizationStore authorizations, AccessTokenJwt accessTokens, TransactionOperations transactions) {
        this.authorizations = authorizations;
        this.refreshTokens = authorizations.refreshTokens();
        this.accessTokens = accessTokens;
        this.transactions = transactions;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var request = (OAuth2RefreshTokenAuthenticationToken) authentication;
        if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
                || !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        RegisteredClient client = clientPrincipal.getRegisteredClient();
        if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
        }
        String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
        // A refused request rolls back by throwing.
        Rotation rotation = transactions.execute(status -> rotate(request.getRefreshToken(), client,
                request.getScopes(), issuer));
        if (rotation instanceof Issued issued) {
            return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, issued.accessToken(),
                    issued.refreshToken());
        }
        if (rotation instanceof Reused reused) {
            // In a transaction of its own: the one above may still hold the lock of the spent token's
            // row, which a family's revocation takes after the family's own (see RefreshTokens).
            transactions.executeWithoutResult(status -> refreshTokens.revokeFamily(reused.authorizationId(),
                    "A replaced refresh token was presented again"));
        }
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
    }

    /**
     * The rotation of a request {@link TokenShortcut} answers, its client authenticated there: the
     * new tokens, or empty with nothing changed when the request is to be refused, which Spring's
     * endpoint then does through {@link #authenticate} (revoking the family of a reused token).
     */
    Optional<Issued> rotated(String presented, RegisteredClient client, Set<String> scopes, String issuer) {
        if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(transactions.execute(status -> {
                if (rotate(presented, client, scopes, issuer) instanceof Issued issued) {
                    return issued;
                }
                // What a refusal read may have revoked is left for Spring's pass to do again.
                status.setRollbackOnly();
                return null;
            }));
        } catch (OAuth2AuthenticationException refused) {
            return Optional.empty();
        }
    }

    private sealed interface Rotation {}

    record Issued(OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken) implements Rotation {}

    /** A spent token presented again by its client: its family is to be revoked. */
    private record Reused(String authorizationId) implements Rotation {}

    /** Not a token of this client: nothing changes. */
    private record Refused() implements Rotation {}

    private Rotation rotate(String presented, RegisteredClient client, Set<String> requestedScopes, String issuer) {
        if (!OAuth2TokenFormat.SELF_CONTAINED.equals(client.getTokenSettings().getAccessTokenFormat())) {
            // Reference (opaque) access tokens are not made here; Cardea registers no client with them.
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.SERVER_ERROR);
        }
        byte[] hash = Sha256.of(presented);
        var spent = refreshTokens.spend(hash, client.getId());
        var known = spent.isPresent() ? Optional.<RefreshTokens.Known>empty() : refreshTokens.known(hash);
        if (spent.isEmpty() && known.isEmpty()) {
            spent = authorizations.takeRefreshToken(presented, hash, client.getId());
            if (spent.isEmpty()) {
                // Not live in Spring's table either; or taken out of it by a request with the same
                // token that committed first, and spent here now.
                known = refreshTokens.known(hash);
            }
        }
        if (spent.isEmpty()) {
            // Spent before, another client's, or unknown. Only the client it was issued to revokes
            // its family by presenting it again; anyone else changes nothing.
            return known.filter(k -> k.registeredClientId().equals(client.getId()))
                    .<Rotation>map(k -> new Reused(k.authorizationId()))
                    .orElseGet(Refused::new);
        }
        RefreshTokens.Spent from = spent.get();
        if (!from.identityActive() || !from.expiresAt().isAfter(Instant.now())) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
        }
        // RFC 6749 §6: no scope beyond those granted; none asked for means all of them.
        Set<String> scopes = requestedScopes.isEmpty() ? from.scopes() : requestedScopes;
        if (!from.scopes().containsAll(scopes)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
        }
        Instant now = Instant.now();
        Instant accessExpires = now.plus(client.getTokenSettings().getAccessTokenTimeToLive());
        // Made as Spring's generator makes the code exchange's: the identity as subject, the client as audience.
        var accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                accessTokens.sign(issuer, from.principalName(), client.getClientId(), scopes, now, accessExpires,
                        UUID.randomUUID().toString()),
                now, accessExpires, scopes);
        var refreshToken = new OAuth2RefreshToken(newTokenValue(), now,
                now.plus(client.getTokenSettings().getRefreshTokenTimeToLive()));
        // The refresh token keeps the family's scopes, whatever this access token was narrowed to.
        refreshTokens.issue(new RefreshTokens.Issue(Sha256.of(refreshToken.getTokenValue()), from.authorizationId(),
                client.getId(), from.principalName(), from.scopes(), refreshToken.getIssuedAt(),
                refreshToken.getExpiresAt(), accessToken));
        return new Issued(accessToken, refreshToken);
    }

    /** 256 random bits, URL-safe. */
    private String newTokenValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN_TEXT.encodeToString(bytes);
    }
}
