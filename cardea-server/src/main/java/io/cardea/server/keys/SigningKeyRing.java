package io.cardea.server.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.text.ParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The server's view of the {@link KeyRing}: the JWKS publishes every stored key (next, active,
 * retired, of every algorithm), tokens are signed by the active key of their algorithm and verified
 * by whichever key their {@code kid} names. The ring is read again once the copy is older than the
 * refresh time, so a rotation made by any instance, or by {@code cardea keys rotate}, reaches every
 * instance within that time; the key that begins to sign was published as next long before, so no
 * instance meets an unknown kid.
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
    private final ReentrantLock reading = new ReentrantLock();

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

    /**
     * @param active the kid of the active key of each algorithm that has one
     * @param signers the active keys as the JDK signs with them, made once per read rather than per token
     */
    private record Snapshot(JWKSet keys, Map<SigningAlgorithm, String> active, Map<SigningAlgorithm, ActiveKey> signers,
            long readAt) {}

    /** An active private key with its {@code kid}, for signing without going through a JWK each time. */
    public record ActiveKey(String kid, SigningAlgorithm algorithm, PrivateKey privateKey) {}

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

    /**
     * Of the keys that could sign a token (those of the token's algorithm), the active one: the others
     * are published, not used.
     */
    public JWK active(List<JWK> candidates) {
        Map<SigningAlgorithm, String> active = current().active();
        return candidates.stream().filter(k -> active.containsValue(k.getKeyID())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active signing key for this token; active: "
                        + active));
    }

    /**
     * What access tokens are signed with now: the configured algorithm once it has an active key,
     * RS256 until then (while its first key is published ahead, after the setting changed).
     */
    public SigningAlgorithm accessTokenAlgorithm() {
        SigningAlgorithm configured = ring.algorithms().getLast();
        return current().active().containsKey(configured) ? configured : SigningAlgorithm.ID_TOKENS;
    }

    /** The active key access tokens are signed with now (see {@link #accessTokenAlgorithm()}). */
    public ActiveKey accessTokenKey() {
        return current().signers().get(accessTokenAlgorithm());
    }

    /**
     * Why this instance cannot sign, if it cannot: the ring was never read, or it holds no active key
     * for ID tokens (RS256, which every token can fall back to).
     */
    public Optional<String> unableToSign() {
        if (snapshot == null) {
            return Optional.of("signing keys not read yet");
        }
        return current().active().containsKey(SigningAlgorithm.ID_TOKENS) ? Optional.empty()
                : Optional.of("no active " + SigningAlgorithm.ID_TOKENS + " signing key: `cardea keys list` shows "
                        + "the ring; a server start or the rotation schedule creates one");
    }

    /**
     * The ring as last read, read again if stale. One thread reads at a time; the others go on with
     * the copy in hand meanwhile. Were each to read, every request signing at that moment would take a
     * second database connection, some of them inside a transaction holding one already, and a
     * full pool would wait on itself. A failed read (the database unreachable for a moment, a key
     * this instance cannot decrypt) keeps the copy it has: those keys still sign and verify
     * everything issued until then, and the read is tried again after the refresh time.
     */
    private Snapshot current() {
        Snapshot s = snapshot;
        if (System.nanoTime() - s.readAt() < refreshNanos || !reading.tryLock()) {
            return s;
        }
        try {
            s = snapshot;
            if (System.nanoTime() - s.readAt() >= refreshNanos) {
                try {
                    s = read();
                } catch (RuntimeException e) {
                    LOG.warn("could not read the signing keys again, still using those read before: {}", e.getMessage());
                    s = new Snapshot(s.keys(), s.active(), s.signers(), System.nanoTime());
                }
                snapshot = s;
            }
            return s;
        } finally {
            reading.unlock();
        }
    }

    private Snapshot read() {
        List<SigningKey> stored = ring.list();
        Map<SigningAlgorithm, String> active = new EnumMap<>(SigningAlgorithm.class);
        stored.stream().filter(k -> k.state().equals(SigningKey.ACTIVE))
                .forEach(k -> active.put(SigningAlgorithm.valueOf(k.algorithm()), k.kid()));
        JWKSet keys = new JWKSet(stored.stream().map(this::withPrivateKey).toList());
        Map<SigningAlgorithm, ActiveKey> signers = new EnumMap<>(SigningAlgorithm.class);
        active.forEach((algorithm, kid) -> signers.put(algorithm,
                new ActiveKey(kid, algorithm, algorithm.privateKey(keys.getKeyByKeyId(kid)))));
        return new Snapshot(keys, active, signers, System.nanoTime());
    }

    private JWK withPrivateKey(SigningKey key) {
        try {
            SystemSecret.Opened opened = secret.open(key.encryptedPrivateKey(), key.kid());
            byte[] pkcs8 = opened.plain();
            if (!opened.underCurrentValue()) {
                rollover.reencrypt(key.kid(), key.encryptedPrivateKey(), pkcs8);
            }
            return SigningAlgorithm.valueOf(key.algorithm()).withPrivateKey(key.publicJwk(), pkcs8);
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
