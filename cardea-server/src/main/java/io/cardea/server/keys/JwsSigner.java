package io.cardea.server.keys;

import java.security.GeneralSecurityException;

/**
 * Signs a JWS signing input with one private key, giving the signature as the JWS carries it. Set up
 * once per key rather than per token; used by one thread at a time.
 */
public interface JwsSigner {

    byte[] sign(byte[] signingInput) throws GeneralSecurityException;
}
