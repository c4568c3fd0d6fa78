package io.cardea.server.oauth2;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests clients make most, answered at the front of the authorization server's filter
 * chain: a client_credentials token request, a refresh, the introspection of a client_credentials
 * token (and, as cheaply, a client's revocation of its own such token).
 * Through all of Spring's filters each cost several times what its work does (two or three reads of
 * the client, the claims converted and serialised twice, twenty filters); here the client is read
 * once, the token signed directly ({@link AccessTokenJwt}) and kept as before
 * ({@link IssuedAccessTokens}, {@link RefreshTokenGrant}), and an introspection is one query for the
 * caller and the token.
 *
 * <p>Only a request that succeeds is answered here. Anything else goes on to Spring's endpoints,
 * untouched, which answer it as they always have: another grant, DPoP, client authentication other
 * than a secret in the header or the form, a wrong or expired secret, an unknown client, a scope the
 * client does not have, a repeated parameter, a refresh token that does not rotate (spent, unknown,
 * another client's, its identity disabled), a token the introspection's table does not hold (tokens
 * of the code flow and of refreshes, those issued before the table). Errors therefore keep Spring's
 * RFC 6749 §5.2 bodies, and every decision made here is one Spring makes the same way.
 */
final class TokenShortcut extends OncePerRequestFilter {

    private static final String TOKEN_PATH = "/oauth2/token";
    private static final String INTROSPECTION_PATH = "/oauth2/introspect";
    private static final String REVOCATION_PATH = "/oauth2/revoke";

    /** The headers Spring Security writes on these endpoints' answers. */
    private static final List<HeaderWriter> HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY));

    private final RegisteredClientRepository clients;
    private final ParsedClients parsedClients;
    private final ClientSecretHash secretHash;
    private final IssuedAccessTokens accessTokens;
    private final AccessTokenJwt jwt;
    private final RefreshTokenGrant refreshGrant;
    private final AuthorizationServerSettings settings;
    private final JsonMapper json;
    private final Counter issued;
    private final Counter refreshed;

    TokenShortcut(RegisteredClientRepository clients, ParsedClients parsedClients, ClientSecretHash secretHash,
            IssuedAccessTokens accessTokens, AccessTokenJwt jwt, RefreshTokenGrant refreshGrant,
            AuthorizationServerSettings settings, JsonMapper json, MeterRegistry registry) {
        this.clients = clients;
        this.parsedClients = parsedClients;
        this.secretHash = secretHash;
        this.accessTokens = accessTokens;
        this.jwt = jwt;
        this.refreshGrant = refreshGrant;
        this.settings = settings;
        this.json = json;
        this.issued = TokensIssued.counter(registry, AuthorizationGrantType.CLIENT_CREDENTIALS.getValue());
        this.refreshed = TokensIssued.counter(registry, AuthorizationGrantType.REFRESH_TOKEN.getValue());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!answered(request, response)) {
            chain.doFilter(request, response);
        }
    }

    private boolean answered(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Spring reads OAuth2 parameters from the form body only: one in the query string is its to judge.
        if (!"POST".equals(request.getMethod()) || request.getQueryString() != null
                || !isForm(request.getContentType()) || request.getHeader("DPoP") != null) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return switch (path) {
            case TOKEN_PATH -> token(request, response);
            case INTROSPECTION_PATH -> introspect(request, response);
            case REVOCATION_PATH -> revoke(request, response);
            default -> false;
        };
    }

    private boolean token(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String grant = single(request, OAuth2ParameterNames.GRANT_TYPE);
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(grant)) {
            return issue(request, response);
        }
        return AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grant) && refresh(request, response);
    }

    private boolean issue(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Set<String> scopes = requestedScopes(request);
        ClientSecret credentials = ClientSecret.of(request);
        if (scopes == null || credentials == null) {
            return false;
        }
        RegisteredClient client = clients.findByClientId(credentials.clientId());
        if (client == null || !credentials.authenticate(client, secretHash)
                || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)
                || !client.getScopes().containsAll(scopes)
                || !OAuth2TokenFormat.SELF_CONTAINED.equals(client.getTokenSettings().getAccessTokenFormat())) {
            return false;
        }
        Instant issuedAt = Instant.now();
        Duration lifetime = client.getTokenSettings().getAccessTokenTimeToLive();
        Instant expiresAt = issuedAt.plus(lifetime);
        String token = jwt.sign(issuer(request), client.getClientId(), client.getClientId(), scopes, issuedAt,
                expiresAt, UUID.randomUUID().toString());
        accessTokens.record(token, UUID.randomUUID().toString(), client.getId(), client.getClientId(), scopes,
                issuedAt, expiresAt);
        issued.increment();
        answerTokens(request, response, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, issuedAt,
                expiresAt, scopes), null);
        return true;
    }

    /**
     * A refresh by a client with a secret: the rotation {@link RefreshTokenGrant} makes for Spring's
     * endpoint, when it succeeds.
     */
    private boolean refresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String presented = single(request, OAuth2ParameterNames.REFRESH_TOKEN);
        Set<String> scopes = requestedScopes(request);
        ClientSecret credentials = ClientSecret.of(request);
        if (presented == null || presented.isEmpty() || scopes == null || credentials == null) {
            return false;
        }
        RegisteredClient client = clients.findByClientId(credentials.clientId());
        if (client == null || !credentials.authenticate(client, secretHash)) {
            return false;
        }
        var rotated = refreshGrant.rotated(presented, client, scopes, issuer(request));
        if (rotated.isEmpty()) {
            return false;
        }
        refreshed.increment();
        answerTokens(request, response, rotated.get().accessToken(), rotated.get().refreshToken().getTokenValue());
        return true;
    }

    /** RFC 6749 §5.1's answer, as Spring's endpoint writes it. */
    private void answerTokens(HttpServletRequest request, HttpServletResponse response, OAuth2AccessToken accessToken,
            String refreshToken) throws IOException {
        String token = accessToken.getTokenValue();
        var body = new StringBuilder(token.length() + 200).append("{\"access_token\":\"").append(token).append('"');
        if (refreshToken != null) {
            body.append(",\"refresh_token\":\"").append(refreshToken).append('"');
        }
        if (!accessToken.getScopes().isEmpty()) {
            body.append(",\"scope\":").append(AccessTokenJwt.quoted(String.join(" ", accessToken.getScopes())));
        }
        body.append(",\"token_type\":\"").append(OAuth2AccessToken.TokenType.BEARER.getValue())
                .append("\",\"expires_in\":").append(ChronoUnit.SECONDS.between(Instant.now(), accessToken.getExpiresAt()))
                .append('}');
        answer(request, response, "application/json;charset=UTF-8", body.toString());
    }

    private boolean introspect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = accessToken(request);
        ClientSecret credentials = ClientSecret.of(request);
        if (token == null || credentials == null) {
            return false;
        }
        IssuedAccessTokens.Introspection found = accessTokens.introspect(credentials.clientId(), token, parsedClients);
        if (found == null || !credentials.authenticate(found.caller(), secretHash) || found.token() == null) {
            return false;
        }
        String body = found.token().activeAt(Instant.now()) ? activeClaims(token, found.token().clientId())
                : "{\"active\":false}";
        answer(request, response, MediaType.APPLICATION_JSON_VALUE, body);
        return true;
    }

    /**
     * RFC 7009: the client's own token in {@link IssuedAccessTokens} marked revoked (again is still a
     * success). Any other token, including another client's, is Spring's to answer.
     */
    private boolean revoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = accessToken(request);
        ClientSecret credentials = ClientSecret.of(request);
        if (token == null || credentials == null) {
            return false;
        }
        RegisteredClient client = clients.findByClientId(credentials.clientId());
        if (client == null || !credentials.authenticate(client, secretHash) || !accessTokens.revoke(token, client.getId())) {
            return false;
        }
        HEADERS.forEach(header -> header.writeHeaders(request, response));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
        return true;
    }

    /**
     * The token an introspection or revocation asks about, when it and any {@code token_type_hint}
     * are given once; null otherwise. Like Spring, the hint's value does not narrow the search.
     */
    private static String accessToken(HttpServletRequest request) {
        String token = single(request, OAuth2ParameterNames.TOKEN);
        String[] hints = request.getParameterValues(OAuth2ParameterNames.TOKEN_TYPE_HINT);
        return token == null || token.isEmpty() || (hints != null && hints.length != 1) ? null : token;
    }

    /**
     * RFC 7662's answer for a live token, as Spring's introspection writes it: {@code active}, the
     * token's claims (the audience as a list, the scopes space-separated), {@code client_id} and
     * {@code token_type}. The claims are read from the token itself: found by its hash, it is one this
     * server signed.
     */
    private String activeClaims(String token, String clientId) {
        String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(payload));
        ObjectNode answer = json.createObjectNode().put("active", true);
        for (Map.Entry<String, JsonNode> claim : claims.properties()) {
            JsonNode value = claim.getValue();
            switch (claim.getKey()) {
                case "aud" -> answer.set("aud", value.isArray() ? value : json.createArrayNode().add(value));
                case "scope" -> answer.put("scope", String.join(" ", value.valueStream().map(JsonNode::asString).toList()));
                default -> answer.set(claim.getKey(), value);
            }
        }
        return json.writeValueAsString(answer.put("client_id", clientId)
                .put("token_type", OAuth2AccessToken.TokenType.BEARER.getValue()));
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, String contentType, String body)
            throws IOException {
        HEADERS.forEach(header -> header.writeHeaders(request, response));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * The issuer, as Spring's authorization server resolves it: the configured one, or else the
     * scheme, host and port the request came to (after forwarded headers), with the context path.
     */
    private String issuer(HttpServletRequest request) {
        if (settings.getIssuer() != null) {
            return settings.getIssuer();
        }
        return UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getContextPath(), null);
    }

    /** The scopes asked for, in order; empty when none; null when the parameter is repeated or malformed. */
    private static Set<String> requestedScopes(HttpServletRequest request) {
        String[] values = request.getParameterValues(OAuth2ParameterNames.SCOPE);
        if (values == null || values[0].isEmpty() && values.length == 1) {
            return Set.of();
        }
        if (values.length != 1) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : values[0].split(" ", -1)) {
            if (scope.isEmpty()) {
                return null;
            }
            scopes.add(scope);
        }
        return scopes;
    }

    /** A parameter given once; null when absent or repeated. */
    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values != null && values.length == 1 ? values[0] : null;
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                0, MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
    }
}
