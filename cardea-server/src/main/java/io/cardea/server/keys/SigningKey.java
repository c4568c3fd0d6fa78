package io.cardea.server.keys;

import java.time.Instant;

/**
 * One key of the ring, as stored: its public half, and its private half still encrypted.
 *
 * @param state {@code next} (published, signs nothing yet), {@code active} (signs) or {@code retired}
 *     (published until every token it signed has expired)
 * @param activatedAt when it began to sign, or null if it never did
 * @param retiredAt when it stopped signing, or null
 */
public record SigningKey(String kid, String algorithm, String state, Instant createdAt, Instant activatedAt,
        Instant retiredAt, String publicJwk, byte[] encryptedPrivateKey) {

    public static final String NEXT = "next";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + state + "]";
    }
}
