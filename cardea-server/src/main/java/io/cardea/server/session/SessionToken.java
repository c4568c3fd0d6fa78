package io.cardea.server.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret a browser holds for its session: 256 random bits. Only its SHA-256 is stored, so the
 * sessions table is useless to whoever reads it; a plain hash suffices because the token has
 * full entropy and cannot be guessed from its hash. Sessions are found by that hash through an
 * index, so the token itself is never compared, and the timing of the lookup tells nothing about it.
 */
record SessionToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static SessionToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SessionToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}
