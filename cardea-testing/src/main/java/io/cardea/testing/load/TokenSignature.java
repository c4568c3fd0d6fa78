package io.cardea.testing.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;

/** Whether a JWT verifies against a JWKS, as a relying party that fetched it checks: by {@code kid}, then signature. */
public final class TokenSignature {

    private TokenSignature() {}

    /** Null when {@code jwt} verifies against {@code keys}; otherwise why not. */
    public static String problem(String jwt, JWKSet keys) {
        try {
            SignedJWT token = SignedJWT.parse(jwt);
            String kid = token.getHeader().getKeyID();
            JWK key = kid == null ? null : keys.getKeyByKeyId(kid);
            if (!(key instanceof AsymmetricJWK publicKey)) {
                return "its key " + kid + " is not in the JWKS";
            }
            return token.verify(new DefaultJWSVerifierFactory().createJWSVerifier(token.getHeader(),
                    publicKey.toPublicKey())) ? null : "its signature does not verify with key " + kid;
        } catch (ParseException e) {
            return "not a signed JWT";
        } catch (JOSEException e) {
            return "its signature cannot be checked: " + e.getMessage();
        }
    }
}
