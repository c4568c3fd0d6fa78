package io.cardea.ops.smoke;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

/**
 * Verifies a client_credentials access token as a relying party does: its signature with the key
 * its {@code kid} names in the published JWKS, then its issuer, subject and lifetime.
 */
final class AccessTokenCheck {

    private AccessTokenCheck() {}

    static void verify(String token, String jwks, String jwksUri, String issuer, String clientId) throws CheckFailed {
        SignedJWT jwt;
        JWKSet keys;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new CheckFailed("the access token is not a signed JWT");
        }
        try {
            keys = JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw new CheckFailed("the JWKS at " + jwksUri + " is not a JWK set");
        }
        String kid = jwt.getHeader().getKeyID();
        JWK key = kid == null ? null : keys.getKeyByKeyId(kid);
        if (key == null) {
            throw new CheckFailed("the token is signed with key " + kid + ", which the JWKS at " + jwksUri
                    + " does not publish (" + keys.getKeys().size() + " keys there)");
        }
        try {
            if (!(key instanceof AsymmetricJWK publicKey) || !jwt.verify(new DefaultJWSVerifierFactory()
                    .createJWSVerifier(jwt.getHeader(), publicKey.toPublicKey()))) {
                throw new CheckFailed("the token's signature does not verify with key " + kid + " of the JWKS");
            }
        } catch (JOSEException e) {
            throw new CheckFailed("the token's signature cannot be checked with key " + kid + ": " + e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new CheckFailed("the token's claims are not JSON");
        }
        if (!issuer.equals(withoutTrailingSlash(claims.getIssuer()))) {
            throw new CheckFailed("the token's issuer is " + claims.getIssuer() + ", expected " + issuer);
        }
        if (!clientId.equals(claims.getSubject())) {
            throw new CheckFailed("the token's subject is " + claims.getSubject() + ", expected the client " + clientId);
        }
        Date expires = claims.getExpirationTime();
        if (expires == null || !expires.toInstant().isAfter(Instant.now())) {
            throw new CheckFailed("the token has expired on issue (exp " + expires + "): check the server's clock");
        }
    }

    private static String withoutTrailingSlash(String s) {
        return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
