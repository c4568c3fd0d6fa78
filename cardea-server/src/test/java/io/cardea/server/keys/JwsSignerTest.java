package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The signatures access tokens carry verify with the JDK's own verifier for the JWS algorithm, for
 * inputs of every length the tokens have, and not for an input changed by one bit.
 */
class JwsSignerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signaturesVerifyWithTheJdkAndOnlyForTheirInput(SigningAlgorithm algorithm) throws Exception {
        KeyPair pair = algorithm.generate();
        JwsSigner signer = algorithm.signer(pair.getPrivate());
        String verification = algorithm == SigningAlgorithm.ES256 ? "SHA256withECDSAinP1363Format" : "SHA256withRSA";
        for (int length = 0; length < 600; length += 7) {
            byte[] input = new byte[length];
            RANDOM.nextBytes(input);
            byte[] signature = signer.sign(input);
            assertThat(signature).hasSize(algorithm == SigningAlgorithm.ES256 ? 64 : 256);
            assertThat(verifies(verification, pair, input, signature)).as("input of %d bytes", length).isTrue();
            if (length > 0) {
                input[RANDOM.nextInt(length)] ^= 1;
                assertThat(verifies(verification, pair, input, signature)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = "ES256")
    void eachEcdsaSignatureHasAFreshNonce() throws Exception {
        KeyPair pair = SigningAlgorithm.ES256.generate();
        JwsSigner signer = SigningAlgorithm.ES256.signer(pair.getPrivate());
        byte[] input = "header.claims".getBytes();
        assertThat(signer.sign(input)).isNotEqualTo(signer.sign(input));
    }

    private static boolean verifies(String algorithm, KeyPair pair, byte[] input, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(pair.getPublic());
        verifier.update(input);
        return verifier.verify(signature);
    }
}
