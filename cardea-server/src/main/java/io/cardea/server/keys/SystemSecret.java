package io.cardea.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what Cardea keeps in PostgreSQL but nobody reading the database may use, such as the
 * private signing keys: AES-256-GCM under a key derived from {@code CARDEA_SECRETS_SYSTEM}. Every
 * instance of every release derives the same key from the same secret, so each decrypts what any
 * other encrypted. The stored form is the 12-byte nonce followed by the ciphertext and its tag.
 */
public final class SystemSecret {

    /** Shorter secrets are refused: the secret is the only thing between the database and the keys. */
    static final int MIN_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SystemSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new MissingSystemSecret("no system secret: set CARDEA_SECRETS_SYSTEM to a random value of at least "
                    + MIN_LENGTH + " characters (for example `openssl rand -base64 48`), the same on every instance");
        }
        if (secret.length() < MIN_LENGTH) {
            throw new MissingSystemSecret("CARDEA_SECRETS_SYSTEM is too short (" + secret.length()
                    + " characters): use a random value of at least " + MIN_LENGTH + " characters, the same on every "
                    + "instance (for example `openssl rand -base64 48`)");
        }
        this.key = new SecretKeySpec(derive(secret), "AES");
    }

    /** Encrypts {@code plain}, bound to {@code context} (e.g. a key id) so it cannot be moved to another row. */
    byte[] encrypt(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, context).apply(plain);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    byte[] decrypt(byte[] stored, String context) {
        byte[] nonce = Arrays.copyOf(stored, NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, context).apply(Arrays.copyOfRange(stored, NONCE_BYTES,
                    stored.length));
        } catch (IllegalStateException e) {
            throw new MissingSystemSecret("data in the database was encrypted with another system secret: "
                    + "set CARDEA_SECRETS_SYSTEM to the value the other instances use");
        }
    }

    private interface Transform {
        byte[] apply(byte[] input);
    }

    private Transform cipher(int mode, byte[] nonce, String context) {
        return input -> {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
                c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
                return c.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
        };
    }

    /**
     * An HMAC of a fixed label under the secret: a 256-bit key whatever the secret's length and
     * alphabet, and a different one for each future use of the same secret (another label).
     */
    private static byte[] derive(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("cardea encryption at rest v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "SystemSecret[redacted]";
    }
}
