package io.cardea.server.admin;

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
 * Lets a request into {@code /admin} only with one of the configured bearer tokens. Tokens are
 * compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither the time taken nor the
 * length of a wrong guess tells anything about a token.
 */
final class AdminAuthentication implements HandlerInterceptor {

    private static final String PREFIX = "Bearer ";

    private final List<byte[]> digests;

    AdminAuthentication(List<String> tokens) {
        this.digests = tokens.stream().map(AdminAuthentication::digest).toList();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (digests.isEmpty()) {
            throw new RequestRefused(HttpStatus.UNAUTHORIZED, "admin_api_disabled", null,
                    "The admin API is off: set CARDEA_ADMIN_TOKENS to use it.");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(PREFIX)) {
            throw unauthorized();
        }
        byte[] given = digest(header.substring(PREFIX.length()));
        boolean known = false;
        for (byte[] d : digests) {
            known |= MessageDigest.isEqual(d, given); // no early exit: every token is compared
        }
        if (!known) {
            throw unauthorized();
        }
        return true;
    }

    private static RequestRefused unauthorized() {
        return new RequestRefused(HttpStatus.UNAUTHORIZED, "unauthorized", null,
                "The admin API needs 'Authorization: Bearer <admin token>'.");
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
