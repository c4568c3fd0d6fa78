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
    /** For keyed hashes ({@link #keyedHash}), derived from each value as {@link #keys} are. */
    private final List<SecretKeySpec> hashKeys;

    /**
     * @param setting one value, or several separated by commas during a rollover: the first encrypts,
     *     every one decrypts
     */
    public SystemSecret(String setting) {
        List<String> values = SecretSetting.values("CARDEA_SECRETS_SYSTEM", setting);
        this.keys = values.stream().map(v -> new SecretKeySpec(derive(v, "cardea encryption at rest v1"), "AES"))
                .toList();
        this.hashKeys = values.stream()
                .map(v -> new SecretKeySpec(derive(v, "cardea keyed hashes v1"), "HmacSHA256")).toList();
    }

    /**
     * HMAC-SHA256 of {@code data} under the first value: for short secrets such as six-digit codes,
     * whose plain hash anyone reading the database could reverse by trying every code.
     */
    public byte[] keyedHash(byte[] data) {
        return hmac(hashKeys.get(0), data);
    }

    /** Whether {@code stored} is {@link #keyedHash} of {@code data} under any value, compared in constant time. */
    public boolean keyedHashMatches(byte[] data, byte[] stored) {
        boolean matches = false;
        for (SecretKeySpec key : hashKeys) {
            matches |= java.security.MessageDigest.isEqual(hmac(key, data), stored);
        }
        return matches;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** Encrypts {@code plain} under the first value, bound to {@code context} (e.g. a key id) so it cannot be moved to another row. */
    public byte[] encrypt(byte[] plain, String context) {
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
    public record Opened(byte[] plain, boolean underCurrentValue) {}

    public Opened open(byte[] stored, String context) {
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
    private static byte[] derive(String secret, String label) {
        return hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                label.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SystemSecret[redacted]";
    }
}
