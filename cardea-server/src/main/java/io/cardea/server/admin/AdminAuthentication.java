package io.cardea.server.admin;

import io.cardea.server.oauth2.AccessTokens;
import io.cardea.server.oauth2.ClientDescription;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request into {@code /admin} only with one of the configured bearer tokens, or with a live
 * access token that a client got for itself (client credentials) with the {@code cardea:admin}
 * scope. Configured tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * neither the time taken nor the length of a wrong guess tells anything about a token; and an
 * address that keeps failing is throttled ({@link AdminAuthenticationThrottle}).
 */
final class AdminAuthentication implements HandlerInterceptor {

    private static final String PREFIX = "Bearer ";

    private final List<byte[]> digests;
    private final AccessTokens accessTokens;
    private final AdminAuthenticationThrottle throttle;

    AdminAuthentication(List<String> tokens, AccessTokens accessTokens, AdminAuthenticationThrottle throttle) {
        this.digests = tokens.stream().map(AdminAuthentication::digest).toList();
        this.accessTokens = accessTokens;
        this.throttle = throttle;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // The client's address; behind a trusted proxy, the one it forwards.
        String address = request.getRemoteAddr();
        throttle.check(address);
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(PREFIX)) {
            throw unauthorized(address);
        }
        String token = header.substring(PREFIX.length());
        byte[] given = digest(token);
        boolean known = false;
        for (byte[] d : digests) {
            known |= MessageDigest.isEqual(d, given); // no early exit: every token is compared
        }
        if (known) {
            return true;
        }
        AccessTokens.Live live = accessTokens.check(token).orElseThrow(() -> unauthorized(address));
        if (!live.clientCredentials() || !live.scopes().contains(ClientDescription.ADMIN_SCOPE)) {
            throw new RequestRefused(HttpStatus.FORBIDDEN, "insufficient_scope", null, "The admin API needs a "
                    + "client_credentials token with the scope " + ClientDescription.ADMIN_SCOPE + ".");
        }
        return true;
    }

    /** Counts the failure against the address, and the 401 to answer it with. */
    private RequestRefused unauthorized(String address) {
        throttle.failed(address);
        if (digests.isEmpty()) {
            return new RequestRefused(HttpStatus.UNAUTHORIZED, "admin_api_disabled", null, "The admin API is off: "
                    + "set CARDEA_ADMIN_TOKENS, or call it with the token of a client with the scope "
                    + ClientDescription.ADMIN_SCOPE + ".");
        }
        return new RequestRefused(HttpStatus.UNAUTHORIZED, "unauthorized", null,
                "The admin API needs 'Authorization: Bearer <admin token>' or a live client token with the scope "
                        + ClientDescription.ADMIN_SCOPE + ".");
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
