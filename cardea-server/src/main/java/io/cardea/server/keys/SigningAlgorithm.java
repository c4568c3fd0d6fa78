package io.cardea.server.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The algorithms the ring keeps keys for, each with its own next, active and retired keys: RS256,
 * which OpenID Connect requires for ID tokens, and ES256, for access tokens by default (a P-256
 * signature is much cheaper to make than an RSA one, and the token is shorter).
 */
public enum SigningAlgorithm {

    RS256("RSA", 2048) {
        @Override
        public JwsSigner signer(PrivateKey key) throws GeneralSecurityException {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            return input -> {
                signature.update(input);
                return signature.sign();
            };
        }

        @Override
        JWK publicJwk(KeyPair pair, String kid) {
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).build();
        }

        @Override
        JWK withPrivateKey(String publicJwk, byte[] pkcs8) throws ParseException, GeneralSecurityException {
            return new RSAKey.Builder(RSAKey.parse(publicJwk)).privateKey((RSAPrivateKey) privateKey(pkcs8)).build();
        }
    },

    ES256("EC", 256) {
        @Override
        public JwsSigner signer(PrivateKey key) throws GeneralSecurityException {
            return new P256Signer((ECPrivateKey) key);
        }

        @Override
        JWK publicJwk(KeyPair pair, String kid) {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).build();
        }

        @Override
        JWK withPrivateKey(String publicJwk, byte[] pkcs8) throws ParseException, GeneralSecurityException {
            return new ECKey.Builder(ECKey.parse(publicJwk)).privateKey((ECPrivateKey) privateKey(pkcs8)).build();
        }
    };

    /** ID tokens are always RS256: the algorithm every OpenID Connect relying party supports. */
    public static final SigningAlgorithm ID_TOKENS = RS256;

    private final String keyType;
    private final int keySize;

    SigningAlgorithm(String keyType, int keySize) {
        this.keyType = keyType;
        this.keySize = keySize;
    }

    /** A signer of JWS signing inputs with {@code key}, a private key of this algorithm. */
    public abstract JwsSigner signer(PrivateKey key) throws GeneralSecurityException;

    /** The algorithm named {@code name} (case-insensitive); the message lists those there are. */
    public static SigningAlgorithm named(String setting, String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException(setting + " is '" + name + "': use one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            generator.initialize(keySize);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + keyType, e);
        }
    }

    /** The public half as published in the JWKS, with its {@code kid}, {@code alg} and {@code use}. */
    abstract JWK publicJwk(KeyPair pair, String kid);

    /** The stored public JWK completed with its decrypted private half, to sign with. */
    abstract JWK withPrivateKey(String publicJwk, byte[] pkcs8) throws ParseException, GeneralSecurityException;

    /** The private half of a key read from the ring. */
    PrivateKey privateKey(JWK key) {
        try {
            return key instanceof RSAKey rsa ? rsa.toPrivateKey() : ((ECKey) key).toPrivateKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key " + key.getKeyID() + " has no private half", e);
        }
    }

    PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(keyType).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }
}
