package io.cardea.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what Cardea keeps in PostgreSQL but nobody reading the database may use, such as the
 * private signing keys: AES-256-GCM under a key derived from {@code CARDEA_SECRETS_SYSTEM}. Every
 * instance of every release derives the same key from the same secret, so each decrypts what any
 * other encrypted. The stored form is the 12-byte nonce followed by the ciphertext and its tag.
 *
 * <p>To change the secret, an operator sets {@code "new,old"}: what is read under the old value is
 * encrypted again under the new one ({@link SecretRollover}), then the old value can be dropped.
 */
public final class SystemSecret {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Derived from each value of the setting, the first (current) one first. */
    private final List<SecretKeySpec> keys;

    /**
     * @param setting one value, or several separated by commas during a rollover: the first encrypts,
     *     every one decrypts
     */
    public SystemSecret(String setting) {
        List<String> values = SecretSetting.values("CARDEA_SECRETS_SYSTEM", setting);
        this.keys = values.stream().map(v -> new SecretKeySpec(derive(v), "AES")).toList();
    }

    /** Encrypts {@code plain} under the first value, bound to {@code context} (e.g. a key id) so it cannot be moved to another row. */
    byte[] encrypt(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = cipher(keys.get(0), Cipher.ENCRYPT_MODE, nonce, context).apply(plain);
        byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    /**
     * What was stored, and whether it was encrypted under the first value: if not, it is to be
     * encrypted again before the older value can be dropped.
     */
    record Opened(byte[] plain, boolean underCurrentValue) {}

    Opened open(byte[] stored, String context) {
        byte[] nonce = Arrays.copyOf(stored, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(stored, NONCE_BYTES, stored.length);
        for (int i = 0; i < keys.size(); i++) {
            try {
                return new Opened(cipher(keys.get(i), Cipher.DECRYPT_MODE, nonce, context).apply(sealed), i == 0);
            } catch (IllegalStateException wrongValue) {
                // GCM's tag check fails under any other value: try the next one.
            }
        }
        throw new MissingSecret("data in the database was encrypted with another system secret: "
                + "set CARDEA_SECRETS_SYSTEM to the value the other instances use (during a rollover, "
                + "\"new,old\": both values)");
    }

    private interface Transform {
        byte[] apply(byte[] input);
    }

    private static Transform cipher(SecretKeySpec key, int mode, byte[] nonce, String context) {
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
