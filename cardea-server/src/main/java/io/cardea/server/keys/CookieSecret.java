package io.cardea.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the cookies Cardea hands to browsers ({@code CARDEA_SECRETS_COOKIE}): a cookie's value is
 * {@code value.signature}, an HMAC-SHA256 of its name and value. The name is signed too, so a value
 * signed for one cookie is refused as another.
 *
 * <p>To change the secret, an operator sets {@code "new,old"}: the first value signs, every value
 * verifies, and a cookie verified only by an older value is signed again by whoever reads it.
 */
public final class CookieSecret {

    /** HMAC keys, the first (current) value's first. */
    private final List<SecretKeySpec> keys;

    /** @param setting one value, or several separated by commas while the secret is replaced */
    public CookieSecret(String setting) {
        this.keys = SecretSetting.values("CARDEA_SECRETS_COOKIE", setting).stream()
                .map(v -> new SecretKeySpec(v.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList();
    }

    /** A cookie value whose signature checked out, and whether the current value made it. */
    public record Verified(String value, boolean underCurrentValue) {
        @Override
        public String toString() {
            return "Verified[redacted, underCurrentValue=" + underCurrentValue + "]";
        }
    }

    /** The cookie value for {@code value}, signed under the first value of the setting. */
    public String sign(String cookieName, String value) {
        return value + "." + signature(keys.get(0), cookieName, value);
    }

    /**
     * The value of a signed cookie, if one of the setting's values signed it. Every value is
     * compared in constant time and without an early exit, so the time taken tells nothing about
     * how close a forged signature came.
     */
    public Optional<Verified> verify(String cookieName, String signed) {
        int dot = signed.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String value = signed.substring(0, dot);
        byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        int signer = -1;
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (MessageDigest.isEqual(signature(keys.get(i), cookieName, value).getBytes(StandardCharsets.US_ASCII),
                    given)) {
                signer = i;
            }
        }
        return signer < 0 ? Optional.empty() : Optional.of(new Verified(value, signer == 0));
    }

    private static String signature(SecretKeySpec key, String cookieName, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal((cookieName + "=" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "CookieSecret[redacted]";
    }
}
