package io.cardea.server.oauth2;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/**
 * Checks an access token presented as a bearer token to Cardea itself: signed by one of its keys
 * and unexpired (the JWT), and neither revoked nor part of a revoked authorization (PostgreSQL).
 */
public final class AccessTokens {

    /** A live access token: the scopes it carries and whether a client got it for itself. */
    public record Live(Set<String> scopes, boolean clientCredentials) {}

    private final JwtDecoder jwtDecoder;
    private final OAuth2AuthorizationService authorizations;

    AccessTokens(JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizations) {
        this.jwtDecoder = jwtDecoder;
        this.authorizations = authorizations;
    }

    /** Empty for anything but a live access token this server issued. */
    public Optional<Live> check(String token) {
        try {
            jwtDecoder.decode(token);
        } catch (JwtException e) {
            return Optional.empty();
        }
        OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        if (authorization == null || authorization.getAccessToken() == null
                || !authorization.getAccessToken().isActive()) {
            return Optional.empty();
        }
        return Optional.of(new Live(authorization.getAccessToken().getToken().getScopes(),
                AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())));
    }
}
