package io.cardea.server.oauth2;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers OAuth2 clients. Confidential clients get a generated 256-bit secret, returned once and
 * stored only as its hash; public clients (browser and mobile apps) have no secret and must use PKCE.
 */
public final class Clients {

    /** Whether a client can keep a secret. */
    public enum Kind { CONFIDENTIAL, PUBLIC }

    /** A registered client; {@code secret} is the only copy there will ever be (null for a public client). */
    public record Registered(String clientId, String secret) {
        @Override
        public String toString() {
            return "Registered[clientId=" + clientId + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RegisteredClientRepository repository;
    private final ClientSecretHash secretHash;

    Clients(RegisteredClientRepository repository, ClientSecretHash secretHash) {
        this.repository = repository;
        this.secretHash = secretHash;
    }

    public boolean exists(String clientId) {
        return repository.findByClientId(clientId) != null;
    }

    /**
     * Registers a client for the authorization code flow (and, when confidential, client credentials
     * and refresh tokens), asking the user's consent once per scope.
     */
    public Registered register(String clientId, String name, Kind kind, List<String> redirectUris,
            List<String> postLogoutRedirectUris) {
        RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientName(name)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(redirectUris))
                .postLogoutRedirectUris(uris -> uris.addAll(postLogoutRedirectUris))
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(kind == Kind.PUBLIC)
                        .requireAuthorizationConsent(true).build())
                // A refresh token is good once: its successor replaces it, and presenting it again
                // revokes the authorization (AuthorizationStore).
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5))
                        .refreshTokenTimeToLive(Duration.ofDays(30)).reuseRefreshTokens(false).build());
        String secret = null;
        if (kind == Kind.CONFIDENTIAL) {
            secret = generateSecret();
            client.clientSecret(secretHash.encode(secret))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
        } else {
            client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        repository.save(client.build());
        return new Registered(clientId, secret);
    }

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
