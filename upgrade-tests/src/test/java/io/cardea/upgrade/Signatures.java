package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.expect;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.cardea.testing.load.TokenSignature;
import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.text.ParseException;

/**
 * JWTs checked as a relying party checks them against a JWKS it fetched: by {@code kid}, then the
 * signature, as cardea-testing's load does.
 */
final class Signatures {

    private Signatures() {}

    static JWKSet jwks(Instance at) throws Broken, IOException, InterruptedException {
        String request = "GET /oauth2/jwks on " + at.release();
        try {
            return JWKSet.parse(expect(new Http(at.url()).get("/oauth2/jwks"), 200, request).body());
        } catch (ParseException e) {
            throw new Broken(request + ": expected a JWK set, got another body");
        }
    }

    /** The key a JWT names, or null for what is not a signed JWT. */
    static String kid(String jwt) {
        try {
            return SignedJWT.parse(jwt).getHeader().getKeyID();
        } catch (ParseException e) {
            return null;
        }
    }

    /** Throws unless {@code jwt} verifies against {@code keys}; {@code what} says which token and whose keys. */
    static void verifies(String jwt, JWKSet keys, String what) throws Broken {
        String problem = TokenSignature.problem(jwt, keys);
        if (problem != null) {
            throw new Broken(what + ": expected it to verify, got " + problem);
        }
    }
}
