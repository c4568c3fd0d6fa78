package io.cardea.server.oauth2;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A client id and secret as a request presents them: HTTP Basic ({@code client_secret_basic}, each
 * part form-encoded as RFC 6749 §2.3.1 says) or the form's {@code client_id} and {@code client_secret}
 * ({@code client_secret_post}).
 */
record ClientSecret(String clientId, String secret, ClientAuthenticationMethod method) {

    private static final String BASIC = "Basic ";

    @Override
    public String toString() {
        return "ClientSecret[clientId=" + clientId + ", method=" + method.getValue() + "]";
    }

    /**
     * The credentials of a request that presents exactly one client id and secret in one of the two
     * ways; null for anything else (nothing, both ways at once, a malformed header, a repeated
     * parameter), which Spring's client authentication answers.
     */
    static ClientSecret of(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String[] ids = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        String[] secrets = request.getParameterValues(OAuth2ParameterNames.CLIENT_SECRET);
        if (header != null) {
            return secrets == null && ids == null ? basic(header) : null;
        }
        if (ids == null || secrets == null || ids.length != 1 || secrets.length != 1 || ids[0].isEmpty()) {
            return null;
        }
        return new ClientSecret(ids[0], secrets[0], ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    private static ClientSecret basic(String header) {
        if (!header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new ClientSecret(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8),
                    ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        } catch (IllegalArgumentException badEncoding) {
            return null;
        }
    }

    /**
     * Whether these credentials are the client's, as Spring's client authentication decides: the way
     * they came is one the client may use, the secret matches its hash (in constant time) and has not
     * expired.
     */
    boolean authenticate(RegisteredClient client, ClientSecretHash hashes) {
        Instant expires = client.getClientSecretExpiresAt();
        return client.getClientId().equals(clientId)
                && client.getClientAuthenticationMethods().contains(method)
                && hashes.matches(secret, client.getClientSecret())
                && (expires == null || Instant.now().isBefore(expires));
    }
}
