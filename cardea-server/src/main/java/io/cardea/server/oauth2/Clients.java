package io.cardea.server.oauth2;

import io.cardea.server.web.RequestRefused;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Registers and looks after OAuth2 clients. Confidential clients get a generated 256-bit secret,
 * returned once and stored only as its hash; public clients (browser and mobile apps) have no
 * secret and must use PKCE.
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

    /** A client as an operator sees it: never its secret, which only its hash remembers. */
    public record Client(String clientId, ClientDescription description, Instant createdAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Client ids go into URLs and logs as they are: unreserved URL characters only. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");

    private final RegisteredClientRepository repository;
    private final ClientSecretHash secretHash;
    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    Clients(RegisteredClientRepository repository, ClientSecretHash secretHash, JdbcClient jdbc,
            TransactionOperations transactions) {
        this.repository = repository;
        this.secretHash = secretHash;
        this.jdbc = jdbc;
        this.transactions = transactions;
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
        return register(clientId, ClientDescription.withDefaults(name, kind, redirectUris, postLogoutRedirectUris));
    }

    /**
     * Registers a client as described; a null {@code clientId} is generated. Throws
     * {@link RequestRefused}: 400 for a description that breaks a rule, 409 for a taken client id.
     */
    public Registered register(String clientId, ClientDescription description) {
        String id = clientId == null ? UUID.randomUUID().toString() : clientId;
        if (!CLIENT_ID.matcher(id).matches()) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_client_id", "client_id",
                    "client_id is 1 to 100 letters, digits and . _ ~ -");
        }
        description.check();
        String secret = description.kind() == Kind.CONFIDENTIAL ? generateSecret() : null;
        RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id)
                .clientIdIssuedAt(Instant.now())
                // A refresh token is good once: its successor replaces it, and presenting it again
                // revokes the authorization (AuthorizationStore).
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5))
                        .refreshTokenTimeToLive(Duration.ofDays(30)).reuseRefreshTokens(false).build());
        if (secret != null) {
            client.clientSecret(secretHash.encode(secret))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        } else {
            client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        RegisteredClient built = describe(client, description).build();
        try {
            if (repository.findByClientId(id) != null) {
                throw new DuplicateKeyException(id);
            }
            repository.save(built); // the unique index on client_id settles a race between two instances
        } catch (DuplicateKeyException e) {
            throw new RequestRefused(HttpStatus.CONFLICT, "client_id_taken", "client_id",
                    "A client with this client_id exists already.");
        }
        return new Registered(id, secret);
    }

    public Optional<Client> find(String clientId) {
        return Optional.ofNullable(repository.findByClientId(clientId)).map(Clients::client);
    }

    /** Clients registered after {@code (afterCreatedAt, afterId)} (both null: from the first), oldest first. */
    public List<Client> list(Instant afterCreatedAt, String afterId, int limit) {
        return jdbc.sql("SELECT client_id FROM oauth2_registered_client WHERE CAST(:afterTime AS timestamptz) IS NULL"
                        + " OR (client_id_issued_at, client_id) > (CAST(:afterTime AS timestamptz), CAST(:afterId AS text))"
                        + " ORDER BY client_id_issued_at, client_id LIMIT :limit")
                .param("afterTime", afterCreatedAt == null ? null : OffsetDateTime.ofInstant(afterCreatedAt, ZoneOffset.UTC))
                .param("afterId", afterId)
                .param("limit", limit)
                .query(String.class).list().stream()
                .flatMap(id -> find(id).stream())
                .toList();
    }

    /** Replaces what can change about a client (not its kind); empty when there is no such client. */
    public Optional<Client> update(String clientId, ClientDescription description) {
        RegisteredClient existing = repository.findByClientId(clientId);
        if (existing == null) {
            return Optional.empty();
        }
        if (description.kind() != kind(existing)) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_type", "type",
                    "A client's type cannot change: register a new client instead.");
        }
        description.check();
        RegisteredClient changed = describe(RegisteredClient.from(existing), description).build();
        repository.save(changed);
        return Optional.of(client(changed));
    }

    /** Deletes a client with everything it was issued and its consents; false when there is none. */
    public boolean delete(String clientId) {
        RegisteredClient existing = repository.findByClientId(clientId);
        if (existing == null) {
            return false;
        }
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = :id").param("id", existing.getId())
                    .update();
            jdbc.sql("DELETE FROM oauth2_access_token WHERE registered_client_id = :id").param("id", existing.getId())
                    .update();
            jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = :id")
                    .param("id", existing.getId()).update();
            return jdbc.sql("DELETE FROM oauth2_registered_client WHERE id = :id").param("id", existing.getId())
                    .update() == 1;
        }));
    }

    /**
     * Gives a confidential client a new secret, returned once; the old one stops working at once.
     * Empty when there is no such client; 400 {@code public_client} for a client without a secret.
     */
    public Optional<Registered> rotateSecret(String clientId) {
        RegisteredClient existing = repository.findByClientId(clientId);
        if (existing == null) {
            return Optional.empty();
        }
        if (kind(existing) == Kind.PUBLIC) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "public_client", null,
                    "A public client has no secret to rotate.");
        }
        String secret = generateSecret();
        repository.save(RegisteredClient.from(existing).clientSecret(secretHash.encode(secret)).build());
        return Optional.of(new Registered(clientId, secret));
    }

    private static RegisteredClient.Builder describe(RegisteredClient.Builder client, ClientDescription d) {
        return client.clientName(d.name())
                .authorizationGrantTypes(types -> {
                    types.clear();
                    d.grantTypes().forEach(t -> types.add(new AuthorizationGrantType(t)));
                })
                .redirectUris(uris -> {
                    uris.clear();
                    uris.addAll(d.redirectUris());
                })
                .postLogoutRedirectUris(uris -> {
                    uris.clear();
                    uris.addAll(d.postLogoutRedirectUris());
                })
                .scopes(scopes -> {
                    scopes.clear();
                    scopes.addAll(d.scopes());
                })
                .clientSettings(ClientSettings.builder().requireProofKey(d.requirePkce())
                        .requireAuthorizationConsent(true).build());
    }

    private static Client client(RegisteredClient c) {
        return new Client(c.getClientId(), new ClientDescription(c.getClientName(), kind(c),
                List.copyOf(c.getRedirectUris()), List.copyOf(c.getPostLogoutRedirectUris()),
                c.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).collect(Collectors.toSet()),
                c.getScopes(), c.getClientSettings().isRequireProofKey()), c.getClientIdIssuedAt());
    }

    private static Kind kind(RegisteredClient c) {
        return c.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE) ? Kind.PUBLIC
                : Kind.CONFIDENTIAL;
    }

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
