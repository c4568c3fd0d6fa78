package io.cardea.server.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 by Bouncy Castle's ECDSA on its own P-256 arithmetic, with a random nonce: about half the
 * JDK's time per signature (the JDK inverts the nonce by exponentiation), and the server's busiest
 * requests each sign one token. Its lightweight classes, not its JCA provider, whose set-up takes
 * most of a second. R and S side by side, as JWS wants them (RFC 7518 §3.4).
 */
final class P256Signer implements JwsSigner {

    private static final ECDomainParameters P256 = new ECDomainParameters(CustomNamedCurves.getByName("secp256r1"));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HALF = 32;

    private final ECDSASigner ecdsa = new ECDSASigner();
    private final MessageDigest sha256;

    P256Signer(ECPrivateKey key) throws GeneralSecurityException {
        ecdsa.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(key.getS(), P256), RANDOM));
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        BigInteger[] rs = ecdsa.generateSignature(sha256.digest(signingInput));
        byte[] signature = new byte[2 * HALF];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, HALF);
        BigIntegers.asUnsignedByteArray(rs[1], signature, HALF, HALF);
        return signature;
    }
}
