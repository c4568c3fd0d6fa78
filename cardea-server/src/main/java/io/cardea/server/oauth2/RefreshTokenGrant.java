package io.cardea.server.oauth2;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
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
    private final JwtGenerator accessTokens;
    private final TransactionOperations transactions;
    private final SecureRandom random = new SecureRandom();

    RefreshTokenGrant(AuthorizationStore authorizations, JwtGenerator accessTokens, TransactionOperations transactions) {
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
        // A refused request rolls back by throwing.
        Rotation rotation = transactions.execute(status -> rotate(request, client));
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

    private sealed interface Rotation {}

    private record Issued(OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken) implements Rotation {}

    /** A spent token presented again by its client: its family is to be revoked. */
    private record Reused(String authorizationId) implements Rotation {}

    /** Not a token of this client: nothing changes. */
    private record Refused() implements Rotation {}

    private Rotation rotate(OAuth2RefreshTokenAuthenticationToken request, RegisteredClient client) {
        String presented = request.getRefreshToken();
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
        Set<String> scopes = request.getScopes().isEmpty() ? from.scopes() : request.getScopes();
        if (!from.scopes().containsAll(scopes)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
        }
        OAuth2AccessToken accessToken = accessToken(request, client, from.principalName(), scopes);
        Instant now = Instant.now();
        var refreshToken = new OAuth2RefreshToken(newTokenValue(), now,
                now.plus(client.getTokenSettings().getRefreshTokenTimeToLive()));
        // The refresh token keeps the family's scopes, whatever this access token was narrowed to.
        refreshTokens.issue(new RefreshTokens.Issue(Sha256.of(refreshToken.getTokenValue()), from.authorizationId(),
                client.getId(), from.principalName(), from.scopes(), refreshToken.getIssuedAt(),
                refreshToken.getExpiresAt(), accessToken));
        return new Issued(accessToken, refreshToken);
    }

    private OAuth2AccessToken accessToken(OAuth2RefreshTokenAuthenticationToken request, RegisteredClient client,
            String principalName, Set<String> scopes) {
        // Spring's generator and Cardea's customizer, as for the code exchange; the principal's name
        // is all either reads of it.
        Jwt jwt = accessTokens.generate(DefaultOAuth2TokenContext.builder()
                .registeredClient(client)
                .principal(new UsernamePasswordAuthenticationToken(principalName, null, List.of()))
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorizedScopes(scopes)
                .tokenType(OAuth2TokenType.ACCESS_TOKEN)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .authorizationGrant(request)
                .build());
        if (jwt == null) {
            // Only a client set to reference (opaque) access tokens gets here; Cardea registers none.
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.SERVER_ERROR);
        }
        return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(), jwt.getIssuedAt(),
                jwt.getExpiresAt(), scopes);
    }

    /** 256 random bits, URL-safe. */
    private String newTokenValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN_TEXT.encodeToString(bytes);
    }
}
