package io.cardea.server.oauth2;

import io.cardea.server.keys.JwsSigner;
import io.cardea.server.keys.SigningKeyRing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The JWT of an access token issued by the client_credentials or the refresh_token grant, signed
 * with the ring's active access-token key by the JDK directly. Its header and claims are those
 * Spring's token generator writes ({@code kid} and {@code alg}; {@code sub}, {@code aud},
 * {@code nbf}, {@code scope} when there is one, {@code iss}, {@code exp}, {@code iat},
 * {@code jti}), so resource servers see the same token whichever path issued it; going through
 * Spring's encoder cost a JWK lookup, claim conversions and two JSON serialisations per token on
 * the server's busiest requests.
 */
final class AccessTokenJwt {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeyRing keys;
    /**
     * Signatures set up with a key, reused: setting one up costs about a tenth of signing, and after
     * sign() one is ready for the next token. Each serves one request at a time, taken out while it
     * signs; there are as many as requests ever signed at once.
     */
    private final Queue<Signer> signers = new ConcurrentLinkedQueue<>();

    private record Signer(SigningKeyRing.ActiveKey key, JwsSigner jws) {}

    AccessTokenJwt(SigningKeyRing keys) {
        this.keys = keys;
    }

    /**
     * @param subject the client itself (client_credentials) or the identity's id (refresh_token)
     * @param clientId the audience: the client the token is issued to
     */
    String sign(String issuer, String subject, String clientId, Set<String> scopes, Instant issuedAt, Instant expiresAt,
            String jti) {
        SigningKeyRing.ActiveKey key = keys.accessTokenKey();
        String header = "{\"kid\":" + quoted(key.kid()) + ",\"alg\":\"" + key.algorithm().name() + "\"}";
        long iat = issuedAt.getEpochSecond();
        var claims = new StringBuilder(256).append("{\"sub\":").append(quoted(subject))
                .append(",\"aud\":").append(quoted(clientId))
                .append(",\"nbf\":").append(iat);
        if (!scopes.isEmpty()) {
            claims.append(",\"scope\":[");
            String separator = "";
            for (String scope : scopes) {
                claims.append(separator).append(quoted(scope));
                separator = ",";
            }
            claims.append(']');
        }
        claims.append(",\"iss\":").append(quoted(issuer))
                .append(",\"exp\":").append(expiresAt.getEpochSecond())
                .append(",\"iat\":").append(iat)
                .append(",\"jti\":").append(quoted(jti)).append('}');
        String signingInput = base64url(header) + "." + base64url(claims.toString());
        try {
            Signer signer = signers.poll();
            if (signer == null || signer.key() != key) {
                // None spare, or set up with a key no longer active (the ring rotated): that one is dropped.
                signer = new Signer(key, key.algorithm().signer(key.privateKey()));
            }
            String token = signingInput + "." + BASE64URL.encodeToString(
                    signer.jws().sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
            signers.offer(signer);
            return token;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign an access token with key " + key.kid(), e);
        }
    }

    static String quoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, quoted);
        return quoted.append('"').toString();
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
