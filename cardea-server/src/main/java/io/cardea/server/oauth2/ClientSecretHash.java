package io.cardea.server.oauth2;

import io.cardea.server.keys.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets as stored: {@code {sha256}} and the hex SHA-256 of the secret. Cardea generates
 * every secret with 256 random bits, which no one can guess from a fast hash, so a slow password
 * hash would only cost CPU on every token request (docs/design/oauth2.md). The prefix leaves room
 * for another scheme later.
 */
final class ClientSecretHash implements PasswordEncoder {

    private static final String PREFIX = "{sha256}";

    @Override
    public String encode(CharSequence secret) {
        return PREFIX + HexFormat.of().formatHex(Sha256.of(secret.toString()));
    }

    @Override
    public boolean matches(CharSequence secret, String stored) {
        return secret != null && stored != null && stored.startsWith(PREFIX)
                && MessageDigest.isEqual(encode(secret).getBytes(StandardCharsets.US_ASCII),
                        stored.getBytes(StandardCharsets.US_ASCII));
    }
}
