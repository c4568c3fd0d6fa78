package io.cardea.server.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The server's view of the {@link KeyRing}: the JWKS publishes every stored key (next, active,
 * retired), tokens are signed by the active key and verified by whichever key their {@code kid}
 * names. The ring is read again once the copy is older than the refresh time, so a rotation made
 * by any instance, or by {@code cardea keys rotate}, reaches every instance within that time; the
 * key that begins to sign was published as next long before, so no instance meets an unknown kid.
 */
public final class SigningKeyRing implements JWKSource<SecurityContext>, SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRing.class);

    private final ObjectProvider<KeyRing> stored;
    private final ObjectProvider<SystemSecret> system;
    private final ObjectProvider<SecretRollover> rollovers;
    private final long refreshNanos;
    private KeyRing ring;
    private SystemSecret secret;
    private SecretRollover rollover;
    private volatile Snapshot snapshot;

    /**
     * The ring and the secret are fetched only once every bean exists: the security filters that use
     * this ring are built with the web server, before the schema guard has run, and a wrong schema or
     * an unreachable database must be reported before a missing secret: that is the order an
     * operator fixes them.
     */
    SigningKeyRing(ObjectProvider<KeyRing> stored, ObjectProvider<SystemSecret> system,
            ObjectProvider<SecretRollover> rollovers, RotationPolicy policy) {
        this.stored = stored;
        this.system = system;
        this.rollovers = rollovers;
        this.refreshNanos = policy.refresh().toNanos();
    }

    private record Snapshot(JWKSet keys, String activeKid, long readAt) {}

    /** Reads (or creates) the keys once every bean exists, still before the port opens. */
    @Override
    public void afterSingletonsInstantiated() {
        ring = stored.getObject();
        secret = system.getObject();
        rollover = rollovers.getObject();
        ring.prepare();
        snapshot = read();
    }

    /** Keys for a selector: the JWKS endpoint asks for all (and publishes only their public halves). */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(current().keys());
    }

    /** Of the keys that could sign a token, the active one: the others are published, not used. */
    public JWK active(List<JWK> candidates) {
        String kid = current().activeKid();
        return candidates.stream().filter(k -> kid.equals(k.getKeyID())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the active signing key " + kid + " cannot sign"));
    }

    /**
     * The ring as last read, read again if stale. A failed read (the database unreachable for a
     * moment, a key this instance cannot decrypt) keeps the copy it has: those keys still sign and
     * verify everything issued until then, and the read is tried again after the refresh time.
     */
    private Snapshot current() {
        Snapshot s = snapshot;
        if (System.nanoTime() - s.readAt() >= refreshNanos) {
            try {
                s = read();
            } catch (RuntimeException e) {
                LOG.warn("could not read the signing keys again, still using those read before: {}", e.getMessage());
                s = new Snapshot(s.keys(), s.activeKid(), System.nanoTime());
            }
            snapshot = s;
        }
        return s;
    }

    private Snapshot read() {
        List<SigningKey> stored = ring.list();
        String activeKid = stored.stream().filter(k -> k.state().equals(SigningKey.ACTIVE)).findFirst()
                .map(SigningKey::kid).orElseThrow(() -> new IllegalStateException("no active signing key"));
        return new Snapshot(new JWKSet(stored.stream().map(k -> (JWK) withPrivateKey(k)).toList()), activeKid,
                System.nanoTime());
    }

    private RSAKey withPrivateKey(SigningKey key) {
        try {
            SystemSecret.Opened opened = secret.open(key.encryptedPrivateKey(), key.kid());
            byte[] pkcs8 = opened.plain();
            if (!opened.underCurrentValue()) {
                rollover.reencrypt(key.kid(), key.encryptedPrivateKey(), pkcs8);
            }
            var privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new RSAKey.Builder(RSAKey.parse(key.publicJwk())).privateKey(privateKey).build();
        } catch (ParseException | GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + key.kid() + " in the database is unreadable", e);
        }
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "SigningKeyRing[" + (s == null ? 0 : s.keys().getKeys().size()) + " keys]";
    }
}
