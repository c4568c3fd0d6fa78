package io.cardea.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token the admin API asks for. Only its digest is kept, and requests are compared by
 * digest, so the comparison takes the same time whatever the caller sent and however long it is.
 */
public final class AdminToken {

    public static final String ENVIRONMENT = "CARDEA_GATEWAY_ADMIN_TOKEN";
    static final int MIN_LENGTH = 16;

    private final byte[] expected;

    public AdminToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the gateway admin API needs a token: set " + ENVIRONMENT
                    + " or pass --admin-token-file FILE (e.g. one made with: openssl rand -hex 32 > FILE)");
        }
        if (token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the gateway admin token is " + token.strip().length()
                    + " characters long; use at least " + MIN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        this.expected = digest("Bearer " + token.strip());
    }

    /** True when the {@code Authorization} header value carries the token. */
    public boolean admits(String authorization) {
        return authorization != null && MessageDigest.isEqual(expected, digest(authorization.strip()));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }
}
