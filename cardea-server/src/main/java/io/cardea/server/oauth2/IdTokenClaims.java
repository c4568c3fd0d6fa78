package io.cardea.server.oauth2;

import io.cardea.server.identity.IdentityStore;
import java.util.UUID;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the identity's email to ID tokens when the {@code email} scope was granted; the userinfo
 * endpoint answers with the ID token's claims, so it appears there too.
 */
final class IdTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final IdentityStore identities;

    IdTokenClaims(IdentityStore identities) {
        this.identities = identities;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
                || !context.getAuthorizedScopes().contains(OidcScopes.EMAIL)) {
            return;
        }
        identities.emailOf(UUID.fromString(context.getPrincipal().getName())).ifPresent(email -> context
                .getClaims().claim(StandardClaimNames.EMAIL, email.address())
                .claim(StandardClaimNames.EMAIL_VERIFIED, email.verified()));
    }
}
