package io.cardea.server.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The keys that sign tokens, kept in PostgreSQL so that every instance and release signs with the
 * same key and publishes the same JWKS: a token issued by one instance verifies against any other.
 * The first instance that finds no active key creates one; when several start at once, one insert
 * wins and all of them read the winner. Every key has a {@code kid}, which each token carries.
 *
 * <p>The ring is read once at startup; rotation (issue: signing-key ring) will re-read it on a schedule.
 */
public final class SigningKeyRing implements JWKSource<SecurityContext>, SmartInitializingSingleton {

    private static final int RSA_BITS = 2048;

    private final JdbcClient jdbc;
    private final String systemSecret;
    private SystemSecret secret;
    private volatile JWKSet keys = new JWKSet();

    SigningKeyRing(JdbcClient jdbc, String systemSecret) {
        this.jdbc = jdbc;
        this.systemSecret = systemSecret;
    }

    /**
     * Reads (or creates) the keys once every bean exists, still before the port opens: the security
     * filters that use the ring are built with the web server, before the schema guard has run, and a
     * database without the keys table must be reported by the guard, not by a failed query. The
     * system secret is checked here too, after the database: that is the order an operator fixes them.
     */
    @Override
    public void afterSingletonsInstantiated() {
        secret = new SystemSecret(systemSecret);
        createActiveKeyIfNone();
        keys = new JWKSet(load());
    }

    /** Keys for a selector: the JWKS endpoint asks for all (and publishes only their public halves). */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(keys);
    }

    private void createActiveKeyIfNone() {
        if (jdbc.sql("SELECT 1 FROM signing_keys WHERE state = 'active'").query().optionalValue().isPresent()) {
            return;
        }
        KeyPair pair = generate();
        String kid = UUID.randomUUID().toString();
        RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).build();
        jdbc.sql("""
                INSERT INTO signing_keys (kid, algorithm, state, public_jwk, private_key)
                VALUES (:kid, 'RS256', 'active', :jwk, :private)
                ON CONFLICT (state) WHERE state = 'active' DO NOTHING""")
                .param("kid", kid)
                .param("jwk", publicJwk.toJSONString())
                .param("private", secret.encrypt(pair.getPrivate().getEncoded(), kid))
                .update();
    }

    private List<JWK> load() {
        return jdbc.sql("SELECT kid, public_jwk, private_key FROM signing_keys ORDER BY state = 'active' DESC, "
                        + "created_at DESC")
                .query((rs, n) -> (JWK) withPrivateKey(rs.getString("kid"), rs.getString("public_jwk"),
                        rs.getBytes("private_key")))
                .list();
    }

    private RSAKey withPrivateKey(String kid, String publicJwk, byte[] encryptedPrivate) {
        try {
            byte[] pkcs8 = secret.decrypt(encryptedPrivate, kid);
            var privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new RSAKey.Builder(RSAKey.parse(publicJwk)).privateKey(privateKey).build();
        } catch (ParseException | GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " in the database is unreadable", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has RSA", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeyRing[" + keys.getKeys().size() + " keys]";
    }
}
